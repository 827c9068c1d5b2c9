/**
 * Size caps shared by every format. Senders with a documented limit (PagerDuty, Opsgenie, Keel's
 * own format) are refused past it; senders without one (Alertmanager, Grafana, generic webhooks)
 * are cut to these caps, and the event's details say what was cut (see docs/ingest-formats.md).
 */
export const limits = Object.freeze({
  /** Characters (code points) in a summary. */
  summaryChars: 1024,
  /** Characters in a description (Opsgenie's documented limit, applied to everyone). */
  descriptionChars: 15_000,
  /** Characters in source, component, group, class and client. */
  shortTextChars: 1024,
  /** Characters in a link, image or client URL; a longer one is dropped (a cut URL is a broken one). */
  urlChars: 8192,
  /** Characters in a dedup key (Opsgenie allows 512 for an alias; PagerDuty 255 for dedup_key). */
  dedupKeyChars: 512,
  labels: 100,
  labelKeyChars: 1024,
  labelValueChars: 1024,
  /** UTF-8 bytes of JSON.stringify(details). */
  detailsBytes: 64 * 1024,
  links: 20,
  images: 20,
  /** Nesting of the whole body; deeper bodies are refused before any schema sees them. */
  depth: 64,
  /** Values (objects, arrays, strings, numbers…) in the whole body. */
  nodes: 100_000,
});
