import { api } from '../../lib/api.js';

/**
 * Contact methods and notification rules of one user (`me` for yourself). Secret settings are
 * never returned: `config` holds the public ones, `description` says where messages go. Query keys start with
 * 'contact-methods'.
 */
export const contactMethodsKey = 'contact-methods';

export interface ContactMethod {
  id: string;
  userId: string;
  type: string;
  label: string;
  description: string;
  /** The settings safe to show (an address, a number, a server URL); secrets never. */
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface TestResult {
  delivery: { ok: boolean; status: number | null; latencyMs: number; error?: string };
  notificationId?: string;
}

export interface Rule {
  id?: string;
  contactMethodId: string;
  delayMinutes: number;
}

export interface Rules {
  high: Rule[];
  low: Rule[];
  isDefault?: boolean;
}

const base = (userId: string): string => `/api/v1/users/${encodeURIComponent(userId)}`;
const method = (userId: string, id: string): string =>
  `${base(userId)}/contact-methods/${encodeURIComponent(id)}`;

export const contactMethodsApi = {
  list: (userId: string) => api<{ items: ContactMethod[] }>(`${base(userId)}/contact-methods`),
  create: (userId: string, body: { type: string; label: string; config: Record<string, unknown> }) =>
    api<ContactMethod>(`${base(userId)}/contact-methods`, { method: 'POST', body }),
  /** `config` is merged over the stored settings: fields left out are kept, null removes one. */
  update: (userId: string, id: string, body: { label?: string; config?: Record<string, unknown> }) =>
    api<ContactMethod>(method(userId, id), { method: 'PATCH', body }),
  remove: (userId: string, id: string) => api<void>(method(userId, id), { method: 'DELETE' }),
  test: (userId: string, id: string) => api<TestResult>(`${method(userId, id)}/test`, { method: 'POST' }),
  rules: (userId: string) => api<Rules>(`${base(userId)}/notification-rules`),
  putRules: (userId: string, body: { high: Rule[]; low: Rule[] }) =>
    api<Rules>(`${base(userId)}/notification-rules`, { method: 'PUT', body }),
};
