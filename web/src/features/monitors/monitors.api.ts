import { api } from '../../lib/api.js';

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

/** Uptime ratios (0–1) per window; null when the window has no checks yet. */
export interface Uptime {
  d1: number | null;
  d7: number | null;
  d30: number | null;
  d90: number | null;
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
  /** Not served yet by the API (see the report): shown as "—" until it is. */
  uptime?: Uptime;
  /** Recent latencies (ms, oldest first; null for a failed check), for the list's sparkline. */
  sparkline?: (number | null)[];
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

/** One day of the 90-day bars (UTC days, oldest first). */
export interface UptimeDay {
  day: string;
  checks: number;
  failures: number;
  degraded: number;
}

/** One point of the latency chart: percentiles from the rollups' histograms. */
export interface LatencyPoint {
  at: string;
  p50: number | null;
  p95: number | null;
}

export interface StateChange {
  at: string;
  state: MonitorState;
  message: string;
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
  uptimeDays: (id: string) => api<{ items: UptimeDay[] }>(`${one(id)}/uptime?days=90`),
  latency: (id: string, range: string) => api<{ items: LatencyPoint[] }>(`${one(id)}/latency?range=${range}`),
  history: (id: string) => api<{ items: StateChange[] }>(`${one(id)}/history`),
};

/** "99.95 %", or "—" without data. Two decimals: at 90 days one hour down is 99.95 %. */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  const pct = ratio * 100;
  return `${pct === 100 ? '100' : pct.toFixed(2)} %`;
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
      return 'pushed by the job';
    default: {
      const never: never = m.type;
      return String(never);
    }
  }
}
