import type { ServiceContext } from '../../lib/context.js';
import type { GrafanaSignatureOptions } from './formats/index.js';
import { findService, serviceSettings } from '../services/index.js';
import { cachedTarget } from './ingest-targets.js';
import { findIntegrationByKey } from './integrations.repository.js';
import type { IngestTarget } from './pipeline.js';
import type { IntegrationRow } from './integrations.repository.js';

export interface ResolvedTarget extends IngestTarget {
  integration: IntegrationRow;
  config: Record<string, unknown>;
}

/**
 * The integration behind a key, with its service's settings; null for unknown or disabled keys.
 * Served from this process's copy (see ingest-targets.ts for how stale it may be); the object is
 * shared between requests and frozen.
 */
export async function resolveTarget(ctx: ServiceContext, key: string): Promise<ResolvedTarget | null> {
  if (key.length === 0 || key.length > 100) return null;
  return cachedTarget(ctx.db, ctx.clock.now(), key, () => loadTarget(ctx, key));
}

async function loadTarget(ctx: ServiceContext, key: string): Promise<ResolvedTarget | null> {
  const integration = await findIntegrationByKey(ctx.db, key);
  if (!integration || integration.disabled) return null;
  const service = await findService(ctx.db, integration.service_id);
  if (!service) return null;
  return Object.freeze({
    integration: Object.freeze(integration),
    settings: Object.freeze(serviceSettings.parse(JSON.parse(service.settings))),
    config: Object.freeze(JSON.parse(integration.config) as Record<string, unknown>),
  });
}

/**
 * How a Grafana integration's signature is checked: its signing secret (null: unsigned, the URL
 * key alone authenticates) and the contact point's header names, with `now` for the timestamp
 * variant.
 */
export function grafanaSigning(
  config: Record<string, unknown>,
  now: number,
): { secret: string; options: GrafanaSignatureOptions } | null {
  const text = (k: string) => (typeof config[k] === 'string' && config[k] !== '' ? config[k] : null);
  const secret = text('secret');
  if (!secret) return null;
  const header = text('signatureHeader');
  const timestamp = text('timestampHeader');
  return {
    secret,
    options: {
      ...(header && { header }),
      ...(timestamp && { timestamp: { header: timestamp, now } }),
    },
  };
}
