/** Row shapes of on-call notifications. Times are epoch ms, flags 0/1, JSON columns text. */

/** The generated master key (id 'default'), used only when KEEL_SECRET_KEY is unset. */
export interface SecretKeysTable {
  id: string;
  key: string;
  created_at: number;
}

/** One way to reach a person: a registry channel type and its settings, sealed (AES-256-GCM). */
export interface ContactMethodsTable {
  id: string;
  user_id: string;
  type: string;
  label: string;
  /** SecretBox.seal(JSON config). */
  config_sealed: string;
  /** channel.describe(config) at save time: safe to show. */
  description: string;
  created_at: number;
  updated_at: number;
}

/** A user's own rules, JSON StoredRules; no row means the defaults (rules.domain.ts). */
export interface NotificationRuleSetsTable {
  user_id: string;
  rules: string;
  updated_at: number;
}

export const notificationStatuses = ['pending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** One planned message to one contact method of one person about one incident. */
export interface NotificationsTable {
  /** Also the message's idempotency key. */
  id: string;
  /** null: a test notification. */
  incident_id: string | null;
  user_id: string;
  contact_method_id: string | null;
  channel_type: string;
  /** The contact method's description when planned (kept if it is deleted). */
  target: string;
  kind: string;
  urgency: string;
  rule_id: string;
  page_key: string;
  status: NotificationStatus;
  attempts: number;
  due_at: number;
  last_error: string | null;
  last_status_code: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  /** null: every service. */
  service_id: string | null;
  /** JSON WebhookEvent[]. */
  events: string;
  secret_sealed: string;
  enabled: number;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  subscription_id: string;
  incident_id: string | null;
  event: string;
  /** JSON snapshot of the incident when planned; the body sent is rendered from it (webhooks.send.ts), the same bytes on every attempt. */
  body: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** One try of a notification or a webhook delivery. */
export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  ok: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  at: number;
}
