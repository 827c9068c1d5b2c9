/**
 * The one shape every inbound alert format is turned into. Parsers are pure: the clock value and
 * the key generator come in through ParseContext, so the same input always gives the same events.
 */
export type EventAction = 'trigger' | 'acknowledge' | 'resolve';
export type SourceSeverity = 'critical' | 'error' | 'warning' | 'info';
export type OpsgeniePriority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

export interface NormalizedEvent {
  action: EventAction;
  /**
   * The sender's key (PagerDuty dedup_key, Opsgenie alias, Alertmanager fingerprint, or SHA-256 of
   * the sorted labels), or ctx.newKey() on a trigger that has none.
   */
  dedupKey: string;
  /** Title, at most 1024 characters. Empty on an acknowledge/resolve that carried no title. */
  summary: string;
  source: string | null;
  /** Mapped from the sender's notion of severity; see docs/ingest-formats.md for the table. */
  severity: SourceSeverity;
  /** Opsgenie priority as given (P3 when absent, as Opsgenie does); null for every other format. */
  priority: OpsgeniePriority | null;
  component: string | null;
  group: string | null;
  class: string | null;
  /** At most 100 entries, keys and values at most 1024 characters, sorted by key. */
  labels: Record<string, string>;
  /** Serialized at most 64 KiB; `_truncated` says what was cut when something was. */
  details: Record<string, unknown>;
  /** http(s) only, at most 20. */
  links: { href: string; text: string }[];
  /** https only for src, at most 20. */
  images: { src: string; href: string | null; alt: string | null }[];
  /** Epoch milliseconds from the payload's own timestamp, or null when it has none. */
  occurredAt: number | null;
  /** Alertmanager/Grafana: receiver and groupKey, the group that becomes one incident. */
  groupKey: string | null;
  client: string | null;
  clientUrl: string | null;
  description: string | null;
}

export type ParseResult = { ok: true; events: NormalizedEvent[] } | { ok: false; errors: string[] };

export interface ParseContext {
  /** Epoch milliseconds; only formats whose meaning depends on "now" read it. */
  now: number;
  /** A fresh dedup key, for triggers that carry none. */
  newKey(): string;
  headers: Record<string, string | string[] | undefined>;
  /** An upper bound on the body's size in bytes as received (the route's body limit), when known. */
  bodyBytesAtMost?: number;
}

/** The common face of the formats that take a body and nothing else. */
export type BodyParser = (body: unknown, ctx: ParseContext) => ParseResult;
