import { api, withQuery } from '../../lib/api.js';

/** Monitors calls and shapes (src/modules/monitors/monitors.schema.ts). Query keys start with 'monitors'. */
export const monitorsKey = 'monitors';

export const monitorTypes = ['http', 'tls', 'tcp', 'dns', 'ping', 'heartbeat'] as const;
export type MonitorType = (typeof monitorTypes)[number];
export const monitorStates = ['pending', 'up', 'degraded', 'down', 'dependency_down'] as const;
export type MonitorState = (typeof monitorStates)[number];
/** The list's state filter: a state, or paused (which the server answers from the paused flag). */
export type StateFilter = MonitorState | 'paused';

export const typeLabels: Record<MonitorType, string> = {
  http: 'HTTP(S)',
  tls: 'TLS certificate',
  tcp: 'TCP port',
  dns: 'DNS',
  ping: 'Ping',
  heartbeat: 'Heartbeat',
};

export const stateLabels: Record<StateFilter, string> = {
  pending: 'Pending',
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  dependency_down: 'Dependency down',
  paused: 'Paused',
};

export const uptimeWindows = ['24h', '7d', '30d', '90d'] as const;
export type UptimeWindow = (typeof uptimeWindows)[number];

/** One window or one chart bucket, from the rollups (GET …/uptime, …/series). */
export interface WindowStats {
  /** Share of checks not down, 0–1; null without checks. */
  uptime: number | null;
  checks: number;
  failures: number;
  degraded: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface SeriesPoint extends WindowStats {
  at: string;
  avgMs: number | null;
}

/** A raw check result (kept a few days), newest first. */
export interface CheckResultRow {
  at: string;
  status: 'up' | 'degraded' | 'down';
  latencyMs: number;
  message: string;
}

/** One entry of a monitor's state-change log (GET …/state-changes), kept as long as daily rollups. */
export interface StateChange {
  id: string;
  at: string;
  /** check: a check (or ping) changed the state; the others are what people did. */
  kind: 'check' | 'created' | 'paused' | 'resumed';
  fromState: MonitorState | null;
  toState: MonitorState;
  message: string;
  latencyMs: number | null;
  statusCode: number | null;
}

export interface Monitor {
  id: string;
  name: string;
  type: MonitorType;
  config: Record<string, unknown>;
  serviceId: string;
  intervalSeconds: number;
  timeoutMs: number;
  retries: number;
  degradedAboveMs: number | null;
  inverted: boolean;
  paused: boolean;
  dependsOn: string[];
  state: MonitorState;
  stateChangedAt: string;
  failures: number;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string;
  nextCheckAt: string;
  badgePath: string;
  createdAt: string;
  updatedAt: string;
  /** List items only: uptime per window, 0–1 (null: no checks in it), from hourly rollups. */
  uptime?: Partial<Record<UptimeWindow, number | null>>;
  /**
   * List items only: mean latency (ms) per rollup bucket with checks, oldest first, over the last 30
   * buckets of sparklinePeriod; null for a bucket whose checks all failed.
   */
  sparkline?: (number | null)[];
  /** m: minutes (checks every minute or faster), h: hours (up to hourly), d: days. */
  sparklinePeriod?: 'm' | 'h' | 'd';
  /** Heartbeat monitors: the URL to ping. */
  heartbeatPath?: string | null;
}

export interface MonitorInput {
  name: string;
  type: MonitorType;
  config: Record<string, unknown>;
  serviceId: string;
  intervalSeconds: number;
  timeoutMs: number;
  retries: number;
  degradedAboveMs: number | null;
  inverted: boolean;
  dependsOn: string[];
  paused?: boolean;
}

const one = (id: string): string => `/api/v1/monitors/${encodeURIComponent(id)}`;

export const monitorsApi = {
  get: (id: string) => api<Monitor>(one(id)),
  create: (body: MonitorInput) => api<Monitor>('/api/v1/monitors', { method: 'POST', body }),
  update: (id: string, body: Partial<MonitorInput>) => api<Monitor>(one(id), { method: 'PATCH', body }),
  pause: (id: string) => api<Monitor>(`${one(id)}/pause`, { method: 'POST' }),
  resume: (id: string) => api<Monitor>(`${one(id)}/resume`, { method: 'POST' }),
  clone: (id: string) => api<Monitor>(`${one(id)}/clone`, { method: 'POST', body: {} }),
  remove: (id: string) => api<undefined>(one(id), { method: 'DELETE' }),
  /** All or nothing: a JSON array of create bodies, or CSV text with a header row. */
  import: (body: unknown[] | { csv: string }) =>
    api<{ items: Monitor[] }>('/api/v1/monitor-imports', { method: 'POST', body }),
  uptime: (id: string) => api<Record<UptimeWindow, WindowStats>>(`${one(id)}/uptime`),
  /** Buckets without checks are left out; from/to are epoch ms. */
  series: (id: string, period: 'm' | 'h' | 'd', from?: number) =>
    api<{ period: string; points: SeriesPoint[] }>(
      `${one(id)}/series?period=${period}${from === undefined ? '' : `&from=${from}`}`,
    ),
  results: (id: string, limit = 100) => api<{ items: CheckResultRow[] }>(`${one(id)}/results?limit=${limit}`),
  /** Newest first; pass the previous page's nextCursor for the next. */
  stateChanges: (id: string, cursor: string | null, limit = 20, signal?: AbortSignal) =>
    api<{ items: StateChange[]; nextCursor: string | null }>(
      withQuery(`${one(id)}/state-changes`, { limit, cursor }),
      { signal },
    ),
};

/** "99.95 %", or "—" without data. Two decimals: at 90 days one hour down is 99.95 %. */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  const pct = ratio * 100;
  return `${pct === 100 ? '100' : pct.toFixed(2)} %`;
}

const sparklineSpans = { m: '30 minutes', h: '30 hours', d: '30 days' } as const;

/** What a list sparkline covers, in words: "Mean latency per minute over the last 30 minutes". */
export function sparklineCaption(period: 'm' | 'h' | 'd' = 'm'): string {
  const per = { m: 'minute', h: 'hour', d: 'day' }[period];
  return `Mean latency per ${per} over the last ${sparklineSpans[period]}`;
}

/** The empty sparkline cell's explanation, by period. */
export function noSparkline(m: Pick<Monitor, 'paused' | 'sparklinePeriod'>): string {
  return m.paused
    ? 'Paused: no recent checks'
    : `No checks in the last ${sparklineSpans[m.sparklinePeriod ?? 'm']}`;
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${ms} ms`;
}

/** "every 60 s", "every 5 min". */
export function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

/** What the monitor checks, in one line: the URL, host:port, name and record type. */
export function targetOf(m: Pick<Monitor, 'type' | 'config'>): string {
  const c = m.config;
  const s = (k: string): string => (typeof c[k] === 'string' || typeof c[k] === 'number' ? String(c[k]) : '');
  switch (m.type) {
    case 'http':
      return `${s('method') || 'GET'} ${s('url')}`;
    case 'tls':
    case 'tcp':
      return `${s('host')}:${s('port') || (m.type === 'tls' ? '443' : '')}`;
    case 'dns':
      return `${s('recordType') || 'A'} ${s('name')}${s('resolver') ? ` @${s('resolver')}` : ''}`;
    case 'ping':
      return s('host');
    case 'heartbeat':
      return s('cron')
        ? `cron ${s('cron')} (${s('timeZone') || 'UTC'})`
        : `ping every ${s('everySeconds')} s`;
    default: {
      const never: never = m.type;
      return String(never);
    }
  }
}
