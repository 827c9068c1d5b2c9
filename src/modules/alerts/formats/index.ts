/**
 * Inbound alert formats: pure parsers from a sender's body to NormalizedEvents, registered
 * explicitly. Every format with a plain body has `parse(body, ctx)`; the others say what more they
 * need (Opsgenie's close/acknowledge take the alert identifier from the path, generic webhooks a
 * mapping). Mapping tables and limits: docs/ingest-formats.md.
 */
import { parseAlertmanager, parsePrometheusAlerts } from './alertmanager.js';
import { grafanaSignatureHeader, parseGrafana, verifyGrafanaSignature } from './grafana.js';
import { keelEventSchema, parseKeel } from './keel.js';
import { opsgenieAccepted, opsgenieError, parseOpsgenieAction, parseOpsgenieCreate } from './opsgenie.js';
import { parseOpsgenieUpdate } from './opsgenie-update.js';
import { pagerDutyAccepted, pagerDutyInvalid, pagerDutyRoutingKey, parsePagerDuty } from './pagerduty.js';
import type { BodyParser } from './types.js';
import { parseWebhook, previewWebhook, webhookMappingSchema } from './webhook.js';

export interface AlertFormat {
  id: FormatId;
  title: string;
}

export const formats = Object.freeze({
  pagerduty: Object.freeze({
    id: 'pagerduty',
    title: 'PagerDuty Events API v2',
    parse: parsePagerDuty satisfies BodyParser,
    routingKey: pagerDutyRoutingKey,
    accepted: pagerDutyAccepted,
    invalid: pagerDutyInvalid,
  }),
  alertmanager: Object.freeze({
    id: 'alertmanager',
    title: 'Prometheus Alertmanager webhook',
    parse: parseAlertmanager satisfies BodyParser,
    parsePrometheusAlerts: parsePrometheusAlerts satisfies BodyParser,
  }),
  grafana: Object.freeze({
    id: 'grafana',
    title: 'Grafana Alerting webhook',
    parse: parseGrafana satisfies BodyParser,
    verifySignature: verifyGrafanaSignature,
    signatureHeader: grafanaSignatureHeader,
  }),
  opsgenie: Object.freeze({
    id: 'opsgenie',
    title: 'Opsgenie Alert API',
    parse: parseOpsgenieCreate satisfies BodyParser,
    parseAction: parseOpsgenieAction,
    parseUpdate: parseOpsgenieUpdate,
    accepted: opsgenieAccepted,
    error: opsgenieError,
  }),
  keel: Object.freeze({
    id: 'keel',
    title: 'Keel event',
    parse: parseKeel satisfies BodyParser,
    schema: keelEventSchema,
  }),
  webhook: Object.freeze({
    id: 'webhook',
    title: 'Generic JSON webhook',
    parse: parseWebhook,
    preview: previewWebhook,
    mappingSchema: webhookMappingSchema,
  }),
} as const satisfies Record<string, AlertFormat>);

export type FormatId = 'pagerduty' | 'alertmanager' | 'grafana' | 'opsgenie' | 'keel' | 'webhook';

/** The formats whose whole input is the body. */
export const bodyFormats = Object.freeze({
  pagerduty: formats.pagerduty.parse,
  alertmanager: formats.alertmanager.parse,
  grafana: formats.grafana.parse,
  opsgenie: formats.opsgenie.parse,
  keel: formats.keel.parse,
} satisfies Record<Exclude<FormatId, 'webhook'>, BodyParser>);

export { parseAlertmanager, parsePrometheusAlerts } from './alertmanager.js';
export {
  parseGrafana,
  verifyGrafanaSignature,
  grafanaSignatureHeader,
  type GrafanaSignatureOptions,
} from './grafana.js';
export { parseKeel, keelEventSchema, type KeelEvent } from './keel.js';
export {
  parseOpsgenieCreate,
  parseOpsgenieAction,
  opsgenieAccepted,
  opsgenieError,
  type OpsgenieAction,
} from './opsgenie.js';
export {
  parseOpsgenieUpdate,
  type OpsgenieUpdate,
  type OpsgenieUpdateField,
  type OpsgenieUpdateResult,
} from './opsgenie-update.js';
export { parsePagerDuty, pagerDutyAccepted, pagerDutyInvalid, pagerDutyRoutingKey } from './pagerduty.js';
export {
  parseWebhook,
  previewWebhook,
  previewDedupKey,
  webhookMappingSchema,
  type WebhookMapping,
  type PreviewResult,
} from './webhook.js';
export { compilePath, evaluatePath } from './json-path.js';
export { limits } from './limits.js';
export { mapSeverity, severitySpellings, defaultSeverity } from './severity.js';
export type * from './types.js';
