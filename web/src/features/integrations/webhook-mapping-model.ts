import type { Errors } from '../../lib/validate.js';

/**
 * A generic webhook's field mapping, as src/modules/alerts/formats/webhook.ts `webhookMappingSchema`
 * takes it: JSON paths (`$.alert.title`, `$.items[0].id`, `$['odd key']`) saying where each field
 * is in the sender's body. Only `title` is required.
 */
export type EventAction = 'trigger' | 'acknowledge' | 'resolve';
export const eventActions: readonly EventAction[] = ['trigger', 'acknowledge', 'resolve'];
type Severity = 'critical' | 'error' | 'warning' | 'info';

export interface WebhookMapping {
  title: string;
  dedupKey?: string;
  action?: { path: string; map?: Record<string, EventAction>; default?: EventAction };
  severity?: { path: string; map?: Record<string, Severity>; default?: Severity };
  source?: string;
  description?: string;
  occurredAt?: string;
  links?: { href: string; text?: string }[];
  details?: string;
}

/** What the editor's inputs hold. Fields it has no input for are kept from `base` as they were. */
export interface MappingDraft {
  title: string;
  dedupKey: string;
  severity: string;
  action: string;
  actionMap: { value: string; action: EventAction }[];
  actionDefault: EventAction | '';
  source: string;
  description: string;
  links: { href: string; text: string }[];
  base: Partial<WebhookMapping>;
}

/** A starting point that fits the example body below; people edit the paths to fit their sender. */
export const blankMapping: MappingDraft = {
  title: '$.alert.title',
  dedupKey: '$.alert.id',
  severity: '',
  action: '$.alert.state',
  actionMap: [
    { value: 'firing', action: 'trigger' },
    { value: 'ok', action: 'resolve' },
  ],
  actionDefault: '',
  source: '',
  description: '',
  links: [],
  base: {},
};

export const exampleSample = JSON.stringify(
  {
    alert: { title: 'Disk 95% full on db-1', id: 'disk-full-db-1', state: 'firing', level: 'critical' },
    host: 'db-1',
    url: 'https://grafana.example.com/d/disk',
  },
  null,
  2,
);

export function mappingToDraft(m: Partial<WebhookMapping> | undefined): MappingDraft {
  if (!m || typeof m.title !== 'string') return blankMapping;
  return {
    title: m.title,
    dedupKey: m.dedupKey ?? '',
    severity: m.severity?.path ?? '',
    action: m.action?.path ?? '',
    actionMap: Object.entries(m.action?.map ?? {}).map(([value, action]) => ({ value, action })),
    actionDefault: m.action?.default ?? '',
    source: m.source ?? '',
    description: m.description ?? '',
    links: (m.links ?? []).map((l) => ({ href: l.href, text: l.text ?? '' })),
    base: m,
  };
}

export function draftToMapping(d: MappingDraft): WebhookMapping {
  const t = (s: string): string | undefined => (s.trim() ? s.trim() : undefined);
  const map = Object.fromEntries(
    d.actionMap.filter((r) => r.value.trim()).map((r) => [r.value.trim(), r.action]),
  ) as Record<string, EventAction>;
  const action = t(d.action);
  const severity = t(d.severity);
  const links = d.links
    .filter((l) => l.href.trim())
    .map((l) => ({ href: l.href.trim(), ...(l.text.trim() ? { text: l.text.trim() } : {}) }));
  const out: WebhookMapping = { title: d.title.trim() };
  const put = <K extends keyof WebhookMapping>(k: K, v: WebhookMapping[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  put('dedupKey', t(d.dedupKey));
  put(
    'action',
    action
      ? {
          path: action,
          ...(Object.keys(map).length ? { map } : {}),
          ...(d.actionDefault ? { default: d.actionDefault } : {}),
        }
      : undefined,
  );
  put('severity', severity ? { ...d.base.severity, path: severity } : undefined);
  put('source', t(d.source));
  put('description', t(d.description));
  put('occurredAt', d.base.occurredAt);
  put('links', links.length ? links : undefined);
  put('details', d.base.details);
  return out;
}

const pathError = (p: string, required = false): string | undefined => {
  if (!p.trim()) return required ? 'A title path is required, e.g. $.alert.title.' : undefined;
  return p.trim().startsWith('$') ? undefined : 'Paths start with $, e.g. $.alert.title.';
};

/** Checks the editor's fields; keys match the inputs (`mapping.title`, `mapping.links.0.href`…). */
export function checkMapping(d: MappingDraft): Errors {
  const errors: Errors = {
    'mapping.title': pathError(d.title, true),
    'mapping.dedupKey': pathError(d.dedupKey),
    'mapping.severity': pathError(d.severity),
    'mapping.action': pathError(d.action),
    'mapping.source': pathError(d.source),
    'mapping.description': pathError(d.description),
  };
  if (!d.action.trim() && (d.actionMap.some((r) => r.value.trim()) || d.actionDefault))
    errors['mapping.action'] = 'Set the action path to use the value map.';
  d.links.forEach((l, i) => {
    errors[`mapping.links.${i}.href`] = pathError(l.href);
  });
  return errors;
}

/** Field names for useFormErrors, and server issue paths (under config.mapping) onto them. */
export const mappingFields = [
  'mapping.title',
  'mapping.dedupKey',
  'mapping.severity',
  'mapping.action',
  'mapping.source',
  'mapping.description',
  ...Array.from({ length: 20 }, (_, i) => `mapping.links.${i}.href`),
];
export const mappingRename: Record<string, string> = Object.fromEntries([
  ...mappingFields.map((f) => [`config.${f}`, f]),
  ['config.mapping.action.path', 'mapping.action'],
  ['config.mapping.action.map', 'mapping.action'],
  ['config.mapping.severity.path', 'mapping.severity'],
]);
