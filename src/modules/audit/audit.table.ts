/** One row per change made through the API. `before`/`after` are JSON with secrets removed. */
export interface AuditLogTable {
  id: string;
  at: number;
  actor_user_id: string | null;
  /** Who, as people read it: "Ada Lovelace <ada@example.com>", "api key ci-deploy", "system". */
  actor_label: string;
  via: 'session' | 'api_key' | 'system';
  action: string;
  resource_type: string;
  resource_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  request_id: string | null;
}
