import { sourceSeverities, type Grouping, type ServiceSettings } from '../../lib/types.js';
import type { Errors } from '../../lib/validate.js';

/**
 * The settings form as text fields (what the inputs hold), and the conversions to and from the
 * API's settings object, with the same limits the server checks.
 */
export interface SettingsDraft {
  mode: Grouping['mode'];
  labels: string;
  windowMinutes: string;
  autoResolve: boolean;
  quietResolveMinutes: string;
  ackTimeoutMinutes: string;
  severityMapping: ServiceSettings['severityMapping'];
  flappingEnabled: boolean;
  flappingTransitions: string;
  flappingWindowMinutes: string;
}

export const settingsFields = [
  'grouping',
  'labels',
  'windowMinutes',
  'autoResolve',
  'quietResolveMinutes',
  'ackTimeoutMinutes',
  'severityMapping',
  'flappingEnabled',
  'flappingTransitions',
  'flappingWindowMinutes',
] as const;

/** Server issue paths (under `settings`) → the form field that shows them. */
export const settingsRename: Record<string, string> = {
  'settings.grouping.labels': 'labels',
  'settings.grouping.windowMinutes': 'windowMinutes',
  'settings.grouping': 'grouping',
  'settings.autoResolve': 'autoResolve',
  'settings.quietResolveMinutes': 'quietResolveMinutes',
  'settings.ackTimeoutMinutes': 'ackTimeoutMinutes',
  'settings.severityMapping': 'severityMapping',
  'settings.flapping.enabled': 'flappingEnabled',
  'settings.flapping.maxTransitions': 'flappingTransitions',
  'settings.flapping.windowMinutes': 'flappingWindowMinutes',
};

export function toDraft(s: ServiceSettings): SettingsDraft {
  return {
    mode: s.grouping.mode,
    labels: s.grouping.mode === 'labels' ? s.grouping.labels.join(', ') : '',
    windowMinutes: s.grouping.mode === 'time_window' ? String(s.grouping.windowMinutes) : '',
    autoResolve: s.autoResolve,
    quietResolveMinutes: s.quietResolveMinutes === null ? '' : String(s.quietResolveMinutes),
    ackTimeoutMinutes: s.ackTimeoutMinutes === null ? '' : String(s.ackTimeoutMinutes),
    severityMapping: s.severityMapping,
    flappingEnabled: s.flapping.enabled,
    flappingTransitions: String(s.flapping.maxTransitions),
    flappingWindowMinutes: String(s.flapping.windowMinutes),
  };
}

export function splitLabels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

const minutes = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

export function fromDraft(d: SettingsDraft): ServiceSettings {
  const grouping: Grouping =
    d.mode === 'labels'
      ? { mode: 'labels', labels: splitLabels(d.labels) }
      : d.mode === 'time_window'
        ? { mode: 'time_window', windowMinutes: Number(d.windowMinutes.trim()) }
        : { mode: 'alert' };
  return {
    grouping,
    autoResolve: d.autoResolve,
    quietResolveMinutes: minutes(d.quietResolveMinutes),
    ackTimeoutMinutes: minutes(d.ackTimeoutMinutes),
    severityMapping: Object.fromEntries(
      sourceSeverities.map((s) => [
        s,
        { severity: d.severityMapping[s].severity, urgency: d.severityMapping[s].urgency },
      ]),
    ) as ServiceSettings['severityMapping'],
    flapping: {
      enabled: d.flappingEnabled,
      maxTransitions: Number(d.flappingTransitions.trim()),
      windowMinutes: Number(d.flappingWindowMinutes.trim()),
    },
  };
}

function wholeNumber(text: string, max: number, optional: boolean, unit = 'minutes'): string | undefined {
  const t = text.trim();
  if (t === '') return optional ? undefined : `Enter a number of ${unit}.`;
  if (!/^\d+$/.test(t)) return `Enter a whole number of ${unit}.`;
  const n = Number(t);
  if (n < 1 || n > max) return `Enter between 1 and ${max.toLocaleString()} ${unit}.`;
  return undefined;
}
const wholeMinutes = (text: string, max: number, optional: boolean): string | undefined =>
  wholeNumber(text, max, optional);

export function checkDraft(d: SettingsDraft): Errors {
  return {
    labels:
      d.mode !== 'labels'
        ? undefined
        : splitLabels(d.labels).length === 0
          ? 'Name at least one label, e.g. alertname, cluster.'
          : splitLabels(d.labels).length > 20
            ? 'Use at most 20 labels.'
            : splitLabels(d.labels).some((l) => l.length > 100)
              ? 'Label names are at most 100 characters.'
              : undefined,
    windowMinutes: d.mode === 'time_window' ? wholeMinutes(d.windowMinutes, 1440, false) : undefined,
    quietResolveMinutes: wholeMinutes(d.quietResolveMinutes, 10_080, true),
    ackTimeoutMinutes: wholeMinutes(d.ackTimeoutMinutes, 10_080, true),
    flappingTransitions: d.flappingEnabled
      ? wholeNumber(d.flappingTransitions, 1000, false, 'times')
      : undefined,
    flappingWindowMinutes: d.flappingEnabled ? wholeMinutes(d.flappingWindowMinutes, 1440, false) : undefined,
  };
}

/** Two settings objects are the same when their JSON is (key order is fixed by fromDraft). */
export function sameSettings(a: ServiceSettings, b: ServiceSettings): boolean {
  return JSON.stringify(fromDraft(toDraft(a))) === JSON.stringify(fromDraft(toDraft(b)));
}
