import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { checkerTypes } from './checkers/index.js';
import { monitorStates, rollupPeriods, stateChangeKinds } from './monitors.table.js';

/** Monitor API shapes. A monitor's `config` is validated by its checker's configSchema in the service. */

export const minIntervalSeconds = 10;
const id = z.string().min(1).max(64);

const intervalSeconds = z
  .number({ message: 'intervalSeconds must be a number' })
  .int('intervalSeconds must be a whole number')
  .min(minIntervalSeconds, `intervalSeconds must be at least ${minIntervalSeconds}`)
  .max(86_400, 'intervalSeconds must be at most 86400 (one day)');
const timeoutMs = z
  .number()
  .int()
  .min(100, 'timeoutMs must be at least 100')
  .max(60_000, 'timeoutMs must be at most 60000');
const retries = z.number().int().min(0, 'retries must be 0–10').max(10, 'retries must be 0–10');
const degradedAboveMs = z.number().int().min(1).max(60_000).nullable();
const dependsOn = z.array(id).max(20, 'at most 20 dependencies');

export const monitorFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  type: z.enum([...checkerTypes, 'heartbeat'], {
    message: `type must be one of ${[...checkerTypes, 'heartbeat'].join(', ')}`,
  }),
  config: z.record(z.string(), z.unknown()),
  serviceId: id,
};

export const createMonitorBody = z.strictObject({
  ...monitorFields,
  intervalSeconds: intervalSeconds.default(60),
  timeoutMs: timeoutMs.default(10_000),
  retries: retries.default(0).describe('Consecutive failed checks tolerated: down on failure retries + 1.'),
  degradedAboveMs: degradedAboveMs.default(null).describe('An up check slower than this is degraded.'),
  inverted: z.boolean().default(false),
  paused: z.boolean().default(false),
  dependsOn: dependsOn.default([]),
});
export type CreateMonitorInput = z.infer<typeof createMonitorBody>;

export const updateMonitorBody = z.strictObject({
  name: monitorFields.name.optional(),
  type: monitorFields.type.optional(),
  config: monitorFields.config.optional(),
  serviceId: id.optional(),
  intervalSeconds: intervalSeconds.optional(),
  timeoutMs: timeoutMs.optional(),
  retries: retries.optional(),
  degradedAboveMs: degradedAboveMs.optional(),
  inverted: z.boolean().optional(),
  paused: z.boolean().optional(),
  dependsOn: dependsOn.optional(),
});
export type UpdateMonitorInput = z.infer<typeof updateMonitorBody>;

export const listMonitorsQuery = z.object({
  state: z.enum([...monitorStates, 'paused']).optional(),
  type: z.string().max(32).optional(),
  service: id.optional(),
  q: z.string().max(200).optional(),
  ...pageQuery,
});
export type ListMonitorsQuery = z.infer<typeof listMonitorsQuery>;

export const monitorView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.unknown()),
  serviceId: z.string(),
  intervalSeconds: z.number(),
  timeoutMs: z.number(),
  retries: z.number(),
  degradedAboveMs: z.number().nullable(),
  inverted: z.boolean(),
  paused: z.boolean(),
  dependsOn: z.array(z.string()),
  state: z.enum(monitorStates),
  stateChangedAt: z.string(),
  failures: z.number(),
  lastCheckAt: z.string().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastMessage: z.string(),
  nextCheckAt: z.string(),
  badgePath: z.string(),
  /** Heartbeat monitors: where the job pings (also /start and /fail); null for checked types. */
  heartbeatPath: z.string().nullable(),
  lastPingAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MonitorView = z.infer<typeof monitorView>;

/**
 * A list item: the monitor plus uptime per window (null: no checks in it), from hourly and daily
 * rollups, and a latency sparkline from rollups (docs/monitors.md "List").
 */
export const monitorListItem = monitorView.extend({
  uptime: z.object({
    '24h': z.number().nullable(),
    '7d': z.number().nullable(),
    '30d': z.number().nullable(),
    '90d': z.number().nullable(),
  }),
  sparkline: z
    .array(z.number().nullable())
    .describe(
      'Mean latency (ms) per rollup bucket with checks, oldest first, over the last 30 buckets of sparklinePeriod; null: every check in that bucket failed.',
    ),
  sparklinePeriod: z
    .enum(rollupPeriods)
    .describe('m (interval ≤ 60 s: last 30 minutes), h (≤ 1 h: last 30 hours) or d (last 30 days).'),
});
export type MonitorListItem = z.infer<typeof monitorListItem>;

export const importQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const stateChangesQuery = z.object({
  ...pageQuery,
  before: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Only changes before this time (epoch milliseconds).'),
});
export type StateChangesQuery = z.infer<typeof stateChangesQuery>;

/** One entry of a monitor's state-change log (GET /api/v1/monitors/:id/state-changes). */
export const stateChangeView = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(stateChangeKinds),
  fromState: z.enum(monitorStates).nullable(),
  toState: z.enum(monitorStates),
  message: z.string(),
  latencyMs: z.number().nullable(),
  statusCode: z.number().nullable(),
});
export type StateChangeView = z.infer<typeof stateChangeView>;
