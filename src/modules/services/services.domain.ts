import { z } from 'zod';

/**
 * Per-service behaviour of the alert pipeline, stored as JSON on the service. Every field has a
 * default, so a service created with only a name behaves like PagerDuty's default: one incident per
 * alert, resolved when its alerts resolve, severities mapped as documented below.
 */
export const incidentSeverities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const urgencies = ['high', 'low'] as const;
const mapped = z.strictObject({ severity: z.enum(incidentSeverities), urgency: z.enum(urgencies) });

export const defaultSeverityMapping = {
  critical: { severity: 'SEV1', urgency: 'high' },
  error: { severity: 'SEV2', urgency: 'high' },
  warning: { severity: 'SEV3', urgency: 'low' },
  info: { severity: 'SEV4', urgency: 'low' },
} as const;

export const grouping = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('alert') }),
  z.strictObject({
    mode: z.literal('labels'),
    labels: z.array(z.string().min(1).max(100)).min(1, 'name at least one label').max(20),
  }),
  z.strictObject({ mode: z.literal('time_window'), windowMinutes: z.number().int().min(1).max(1440) }),
]);

/**
 * An alert that resolves and re-triggers more than `maxTransitions` times within `windowMinutes`
 * is marked flapping and joins the incident of its previous alert instead of opening a new one.
 */
export const flappingSettings = z.strictObject({
  enabled: z.boolean().default(true),
  maxTransitions: z.number().int().min(1).max(1000).default(5),
  windowMinutes: z.number().int().min(1).max(1440).default(30),
});

export const serviceSettings = z.strictObject({
  grouping: grouping.default({ mode: 'alert' }),
  /** Resolve the incident when all its alerts have resolved. */
  autoResolve: z.boolean().default(true),
  /** Resolve an incident that has had no new event for this long; null: never. */
  quietResolveMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
  /** An acknowledged, unresolved incident triggers again after this long; null: never. */
  ackTimeoutMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
  severityMapping: z
    .strictObject({ critical: mapped, error: mapped, warning: mapped, info: mapped })
    .default(defaultSeverityMapping),
  flapping: flappingSettings.default({ enabled: true, maxTransitions: 5, windowMinutes: 30 }),
});
export type ServiceSettings = z.infer<typeof serviceSettings>;

export const runbookLink = z.strictObject({
  title: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});

/**
 * Returns the dependency path that would close a cycle if `serviceId` depended on `dependsOn`,
 * or null. `edges` maps each service to what it depends on.
 */
export function dependencyCycle(
  serviceId: string,
  dependsOn: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  for (const start of dependsOn) {
    const stack: string[][] = [[start]];
    const seen = new Set<string>();
    while (stack.length) {
      const path = stack.pop()!;
      const node = path[path.length - 1]!;
      if (node === serviceId) return [serviceId, ...path];
      if (seen.has(node)) continue;
      seen.add(node);
      for (const next of edges.get(node) ?? []) stack.push([...path, next]);
    }
  }
  return null;
}
