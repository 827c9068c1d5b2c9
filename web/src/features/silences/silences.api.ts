import { api } from '../../lib/api.js';

/** Silences calls and shapes. Query keys start with 'silences'. */
export const silencesKey = 'silences';

export const matcherOps = ['=', '!=', '=~', '!~'] as const;
export type MatcherOp = (typeof matcherOps)[number];
export const silenceStates = ['active', 'pending', 'expired'] as const;
export type SilenceState = (typeof silenceStates)[number];

export interface Matcher {
  label: string;
  op: MatcherOp;
  value: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: { id: string | null; name: string };
  serviceId: string | null;
  state: SilenceState;
  createdAt: string;
  updatedAt: string;
}

export interface SilenceInput {
  matchers: Matcher[];
  startsAt?: string;
  endsAt: string;
  comment: string;
  serviceId: string | null;
}

export const opLabels: Record<MatcherOp, string> = {
  '=': '= equals',
  '!=': '!= differs',
  '=~': '=~ matches regex',
  '!~': '!~ does not match',
};

export const stateLabels: Record<SilenceState, string> = {
  active: 'Active',
  pending: 'Pending',
  expired: 'Expired',
};

/** Labels every alert has besides its own, for matchers. */
export const pseudoLabels = ['service', 'severity', 'source'] as const;

const one = (id: string): string => `/api/v1/silences/${encodeURIComponent(id)}`;

export const silencesApi = {
  get: (id: string) => api<Silence>(one(id)),
  create: (body: SilenceInput) => api<Silence>('/api/v1/silences', { method: 'POST', body }),
  update: (id: string, body: Partial<SilenceInput>) => api<Silence>(one(id), { method: 'PATCH', body }),
  /** Ends it now; the silence is kept, expired. */
  expire: (id: string) => api<Silence>(one(id), { method: 'DELETE' }),
};

/** "service = checkout, env =~ prod.*" */
export function describeMatchers(matchers: Matcher[]): string {
  return matchers.map((m) => `${m.label} ${m.op} ${m.value}`).join(', ');
}
