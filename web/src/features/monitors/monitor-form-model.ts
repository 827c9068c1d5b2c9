import { browserTimeZone } from '../../lib/format.js';
import type { Errors } from '../../lib/validate.js';
import type { Monitor, MonitorInput, MonitorType } from './monitors.api.js';

/**
 * The create/edit form as plain strings and booleans, and its mapping to and from the API's
 * body. Config fields are named `config.<key>` so the server's issue paths land on them.
 */
export interface MonitorForm {
  name: string;
  type: MonitorType;
  serviceId: string;
  intervalSeconds: string;
  timeoutMs: string;
  retries: string;
  degradedAboveMs: string;
  inverted: boolean;
  dependsOn: string[];
  /** Per-type config fields, by `config.<key>` name (see the field components). */
  c: Record<string, string>;
  /** Per-type switches (TLS verify, match absent, …). */
  b: Record<string, boolean>;
  /** Stored config keys this form has no field for (set through the API): kept on save. */
  extra: Record<string, unknown>;
}

/** The config keys each type's fields edit; any other stored key goes to `extra`. */
const managedKeys: Record<MonitorType, readonly string[]> = {
  http: [
    'url',
    'method',
    'headers',
    'body',
    'maxRedirects',
    'expectedStatus',
    'match',
    'json',
    'tlsVerify',
    'auth',
  ],
  tls: ['host', 'port', 'servername', 'warnDays', 'warnStatus', 'verifyChain'],
  tcp: ['host', 'port'],
  dns: ['name', 'recordType', 'resolver', 'expected'],
  ping: ['host', 'count'],
  heartbeat: ['everySeconds', 'cron', 'timeZone', 'graceSeconds'],
};

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
export const jsonOperators = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'exists', 'missing'] as const;

export const sharedFields = [
  'name',
  'type',
  'serviceId',
  'intervalSeconds',
  'timeoutMs',
  'retries',
  'degradedAboveMs',
  'dependsOn',
];
export const configFields = [
  'config.url',
  'config.method',
  'config.headers',
  'config.body',
  'config.maxRedirects',
  'config.expectedStatus',
  'config.match',
  'config.match.value',
  'config.json',
  'config.json.value',
  'config.auth',
  'config.auth.token',
  'config.host',
  'config.port',
  'config.servername',
  'config.warnDays',
  'config.name',
  'config.recordType',
  'config.resolver',
  'config.expected',
  'config.count',
  'config.everySeconds',
  'config.cron',
  'config.timeZone',
  'config.graceSeconds',
];

export function blankForm(serviceId = ''): MonitorForm {
  return {
    name: '',
    type: 'http',
    serviceId,
    intervalSeconds: '60',
    timeoutMs: '10000',
    retries: '0',
    degradedAboveMs: '',
    inverted: false,
    dependsOn: [],
    c: { method: 'GET', expectedStatus: '200-299', maxRedirects: '5', recordType: 'A', schedule: 'every' },
    b: { tlsVerify: true, verifyChain: true, matchCase: true },
    extra: {},
  };
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** A stored monitor as the form edits it. */
export function formFromMonitor(m: Monitor): MonitorForm {
  const cfg = m.config;
  const base = blankForm(m.serviceId);
  const c: Record<string, string> = { ...base.c };
  const b: Record<string, boolean> = { ...base.b };
  for (const [k, v] of Object.entries(cfg))
    if (typeof v !== 'object' && typeof v !== 'boolean') c[k] = str(v);
  for (const [k, v] of Object.entries(cfg)) if (typeof v === 'boolean') b[k] = v;
  const headers = (cfg.headers ?? {}) as Record<string, string>;
  c.headers = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  c.expectedStatus = Array.isArray(cfg.expectedStatus) ? cfg.expectedStatus.join(', ') : c.expectedStatus!;
  const match = cfg.match as
    { kind?: string; value?: string; absent?: boolean; caseSensitive?: boolean } | undefined;
  if (match) {
    c.matchKind = str(match.kind);
    c.matchValue = str(match.value);
    b.matchAbsent = match.absent === true;
    b.matchCase = match.caseSensitive !== false;
  }
  const json = cfg.json as { path?: string; op?: string; value?: unknown } | undefined;
  if (json) Object.assign(c, { jsonPath: str(json.path), jsonOp: str(json.op), jsonValue: str(json.value) });
  const auth = cfg.auth as
    { type?: string; username?: string; password?: string; token?: string } | undefined;
  if (auth)
    Object.assign(c, {
      authType: str(auth.type),
      authUser: str(auth.username),
      authPass: str(auth.password),
      authToken: str(auth.token),
    });
  if (cfg.cron) c.schedule = 'cron';
  return {
    name: m.name,
    type: m.type,
    serviceId: m.serviceId,
    intervalSeconds: String(m.intervalSeconds),
    timeoutMs: String(m.timeoutMs),
    retries: String(m.retries),
    degradedAboveMs: str(m.degradedAboveMs),
    inverted: m.inverted,
    dependsOn: m.dependsOn,
    c,
    b,
    extra: Object.fromEntries(Object.entries(cfg).filter(([k]) => !managedKeys[m.type]?.includes(k))),
  };
}

const num = (v: string | undefined): number | undefined =>
  v === undefined || v.trim() === '' ? undefined : Number(v);

/** "Name: value" lines as a header object; lines without a colon are skipped by the caller's check. */
export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** A JSON assertion value as typed: numbers, booleans and null keep their JSON type. */
function jsonValue(raw: string): unknown {
  if (/^(true|false|null|-?\d+(\.\d+)?)$/.test(raw.trim())) return JSON.parse(raw.trim()) as unknown;
  return raw;
}

/** The per-type config the API stores; empty optional fields are left out. */
export function configOf(f: MonitorForm): Record<string, unknown> {
  const { c, b } = f;
  const drop = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
  switch (f.type) {
    case 'http':
      return drop({
        url: c.url?.trim(),
        method: c.method,
        headers: parseHeaders(c.headers ?? ''),
        body: c.body || undefined,
        maxRedirects: num(c.maxRedirects),
        expectedStatus: (c.expectedStatus ?? '')
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        match: c.matchKind
          ? {
              kind: c.matchKind,
              value: c.matchValue ?? '',
              absent: b.matchAbsent === true,
              caseSensitive: b.matchCase !== false,
            }
          : undefined,
        json: c.jsonPath?.trim()
          ? drop({
              path: c.jsonPath.trim(),
              op: c.jsonOp || '==',
              value:
                c.jsonOp === 'exists' || c.jsonOp === 'missing' ? undefined : jsonValue(c.jsonValue ?? ''),
            })
          : undefined,
        tlsVerify: b.tlsVerify !== false,
        auth:
          c.authType === 'basic'
            ? { type: 'basic', username: c.authUser ?? '', password: c.authPass ?? '' }
            : c.authType === 'bearer'
              ? { type: 'bearer', token: c.authToken ?? '' }
              : undefined,
      });
    case 'tls':
      return drop({
        host: c.host?.trim(),
        port: num(c.port),
        servername: c.servername?.trim(),
        warnDays: num(c.warnDays),
        warnStatus: c.warnStatus,
        verifyChain: b.verifyChain !== false,
      });
    case 'tcp':
      return drop({ host: c.host?.trim(), port: num(c.port) });
    case 'dns':
      return drop({
        name: c.name?.trim(),
        recordType: c.recordType,
        resolver: c.resolver?.trim(),
        expected: c.expected?.trim(),
      });
    case 'ping':
      return drop({ host: c.host?.trim(), count: num(c.count) });
    case 'heartbeat':
      return drop({
        everySeconds: c.schedule === 'cron' ? undefined : num(c.everySeconds),
        cron: c.schedule === 'cron' ? c.cron?.trim() : undefined,
        timeZone: c.schedule === 'cron' ? c.timeZone || browserTimeZone() : undefined,
        graceSeconds: num(c.graceSeconds),
      });
    default: {
      const never: never = f.type;
      return never;
    }
  }
}

export function bodyOf(f: MonitorForm): MonitorInput {
  return {
    name: f.name.trim(),
    type: f.type,
    config: { ...f.extra, ...configOf(f) },
    serviceId: f.serviceId,
    intervalSeconds: Number(f.intervalSeconds),
    timeoutMs: Number(f.timeoutMs),
    retries: Number(f.retries),
    degradedAboveMs: f.degradedAboveMs.trim() ? Number(f.degradedAboveMs) : null,
    inverted: f.inverted,
    dependsOn: f.dependsOn,
  };
}

const whole = (v: string): boolean => /^\d+$/.test(v.trim());

/** Client checks the server repeats; they only save a round trip for the obvious ones. */
export function checkForm(f: MonitorForm): Errors {
  const e: Errors = {};
  if (!f.name.trim()) e.name = 'Name the monitor.';
  if (!f.serviceId) e.serviceId = 'Pick the service whose alerts this monitor raises.';
  if (f.type !== 'heartbeat' && (!whole(f.intervalSeconds) || Number(f.intervalSeconds) < 10))
    e.intervalSeconds = 'Check at most every 10 seconds (a whole number, 10 or more).';
  if (!whole(f.timeoutMs)) e.timeoutMs = 'Give the timeout in whole milliseconds.';
  if (!whole(f.retries) || Number(f.retries) > 10) e.retries = 'Retries are 0–10.';
  if (f.degradedAboveMs.trim() && !whole(f.degradedAboveMs))
    e.degradedAboveMs = 'Give a whole number of milliseconds, or leave it empty.';
  if (f.type === 'http' && !f.c.url?.trim())
    e['config.url'] = 'Enter the URL to check, like https://example.com/health.';
  if (f.type === 'http' && (f.c.headers ?? '').split('\n').some((l) => l.trim() && !l.includes(':')))
    e['config.headers'] = 'Write one header per line as Name: value.';
  if ((f.type === 'tls' || f.type === 'tcp' || f.type === 'ping') && !f.c.host?.trim())
    e['config.host'] = 'Enter a host name or IP address.';
  if (f.type === 'tcp' && !f.c.port?.trim()) e['config.port'] = 'Enter the port to connect to.';
  if (f.type === 'dns' && !f.c.name?.trim()) e['config.name'] = 'Enter the domain name to resolve.';
  if (f.type === 'heartbeat' && f.c.schedule === 'cron' && !f.c.cron?.trim())
    e['config.cron'] = 'Enter a cron expression, like 0 3 * * *.';
  if (f.type === 'heartbeat' && f.c.schedule !== 'cron' && !whole(f.c.everySeconds ?? ''))
    e['config.everySeconds'] = 'Say how often the job pings, in seconds.';
  return e;
}
