import { z } from 'zod';
import { webhookMappingSchema } from './formats/index.js';
import { integrationTypes, type IntegrationType } from './integrations.table.js';

const id = z.string().min(1).max(64);
/** An HTTP header name (RFC 9110 token). */
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name');

/** Per-type settings. Secrets (Grafana's HMAC secret) are write-only: read back as "(set)". */
export const integrationConfigs = {
  pagerduty: z.strictObject({}),
  alertmanager: z.strictObject({}),
  opsgenie: z.strictObject({}),
  keel: z.strictObject({}),
  grafana: z.strictObject({
    secret: z.string().min(8, 'must be at least 8 characters').max(200).nullable().optional(),
    /** The contact point's signature Header, when renamed (default X-Grafana-Alerting-Signature). */
    signatureHeader: headerName.optional(),
    /** The contact point's Timestamp Header, when set: Grafana then signs `timestamp:body`. */
    timestampHeader: headerName.optional(),
  }),
  /** Until a mapping is saved, the endpoint answers 400 saying so. */
  webhook: z.strictObject({ mapping: webhookMappingSchema.optional() }),
} satisfies Record<IntegrationType, z.ZodType>;

export const createIntegrationBody = z.strictObject({
  type: z.enum(integrationTypes),
  name: z.string().trim().min(1, 'is required').max(100),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type CreateIntegrationInput = z.infer<typeof createIntegrationBody>;

export const updateIntegrationBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateIntegrationInput = z.infer<typeof updateIntegrationBody>;

export const serviceIdParams = z.object({ id });
export const integrationParams = z.object({ id, integrationId: id });
