import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId, randomToken } from '../../lib/ids.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { iso } from '../../lib/time.js';
import { createIntegration } from '../alerts/index.js';
import { recordAudit } from '../audit/index.js';
import { heartbeatDeadline, type HeartbeatConfig } from './heartbeat.domain.js';
import { uptimeForMonitors } from './monitor-results.repository.js';
import { sparklinePeriod, sparklinesForMonitors } from './monitor-sparklines.repository.js';
import { eventStateChange, insertStateChanges } from './monitor-state-changes.repository.js';
import { bucketStart } from './rollups.domain.js';
import { hideSecrets, keepSecrets } from './config-secrets.domain.js';
import {
  dependencyEdges,
  deleteMonitorRow,
  findMonitor,
  findMonitorIntegration,
  insertMonitors,
  listMonitorRows,
  monitorIntegrationName,
  updateMonitorRow,
  type MonitorRow,
} from './monitors.repository.js';
import type {
  CreateMonitorInput,
  ListMonitorsQuery,
  MonitorListItem,
  MonitorView,
  UpdateMonitorInput,
} from './monitors.schema.js';
import type { MonitorsTable } from './monitors.table.js';
import { checkRules, invalid, parseConfig, requireServiceIssue, type Issue } from './monitors.input.js';

export function presentMonitor(m: MonitorRow): MonitorView {
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    config: hideSecrets(JSON.parse(m.config) as Record<string, unknown>),
    serviceId: m.service_id,
    intervalSeconds: m.interval_s,
    timeoutMs: m.timeout_ms,
    retries: m.retries,
    degradedAboveMs: m.degraded_above_ms,
    inverted: m.inverted === 1,
    paused: m.paused === 1,
    dependsOn: JSON.parse(m.depends_on) as string[],
    state: m.state,
    stateChangedAt: iso(m.state_changed_at),
    failures: m.failures,
    lastCheckAt: m.last_check_at === null ? null : iso(m.last_check_at),
    lastLatencyMs: m.last_latency_ms,
    lastMessage: m.last_message,
    nextCheckAt: iso(m.next_check_at),
    badgePath: `/api/v1/badges/${m.badge_token}.svg`,
    heartbeatPath: m.heartbeat_token ? `/api/v1/heartbeat/${m.heartbeat_token}` : null,
    lastPingAt: m.last_ping_at === null ? null : iso(Number(m.last_ping_at)),
    createdAt: iso(m.created_at),
    updatedAt: iso(m.updated_at),
  };
}

/**
 * Offset of a monitor's first check within its interval, from its id: monitors created together
 * do not all fire together (jitter that is stable across restarts).
 */
export function phaseOf(id: string, intervalMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % intervalMs;
}

/** The service's "Keel monitors" integration, made on first use (its own audited transaction). */
async function monitorIntegration(ctx: ServiceContext, actor: Actor, serviceId: string): Promise<string> {
  const found = await findMonitorIntegration(ctx.db, serviceId);
  if (found) return found;
  const made = await createIntegration(ctx, actor, serviceId, {
    type: 'keel',
    name: monitorIntegrationName,
    config: {},
  });
  return made.id;
}

function newRow(
  input: CreateMonitorInput,
  config: unknown,
  id: string,
  integrationId: string,
  now: number,
): Insertable<MonitorsTable> {
  const intervalMs = input.intervalSeconds * 1000;
  const heartbeat = input.type === 'heartbeat';
  return {
    id,
    name: input.name,
    type: input.type,
    config: JSON.stringify(config),
    service_id: input.serviceId,
    integration_id: integrationId,
    interval_s: input.intervalSeconds,
    timeout_ms: input.timeoutMs,
    retries: input.retries,
    degraded_above_ms: input.degradedAboveMs,
    inverted: input.inverted ? 1 : 0,
    paused: input.paused ? 1 : 0,
    depends_on: JSON.stringify(input.dependsOn),
    state: 'pending',
    failures: 0,
    state_changed_at: now,
    last_check_at: null,
    last_latency_ms: null,
    last_message: '',
    // A heartbeat is due (late) at its first expected ping plus grace; a check within one interval.
    next_check_at: heartbeat
      ? heartbeatDeadline(config as HeartbeatConfig, now)
      : now + phaseOf(id, intervalMs),
    locked_by: null,
    locked_until: null,
    badge_token: randomToken(18),
    heartbeat_token: heartbeat ? randomToken(18) : null,
    last_ping_at: null,
    last_start_at: null,
    created_at: now,
    updated_at: now,
  };
}

async function requireMonitor(db: Db, id: string): Promise<MonitorRow> {
  const row = await findMonitor(db, id);
  if (!row) throw notFound('Monitor', id);
  return row;
}

export async function createMonitor(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateMonitorInput,
): Promise<MonitorView> {
  return (await createMonitors(ctx, actor, [input]))[0]!;
}

/**
 * Creates monitors all or nothing: every row is validated first, and any issue answers 400 with
 * each row's issues under `<index>.<field>` (bulk import) before anything is written.
 */
export async function createMonitors(
  ctx: ServiceContext,
  actor: Actor,
  inputs: CreateMonitorInput[],
  /** Bulk import: issues carry each row's index (rowIndexes[i], default i); earlier issues join them. */
  opts: { bulk?: boolean; rowIndexes?: number[]; issues?: Issue[] } = {},
): Promise<MonitorView[]> {
  const now = ctx.clock.now();
  const ids = inputs.map(() => newId(now));
  const issues: Issue[] = [...(opts.issues ?? [])];
  const configs: unknown[] = [];
  const pendingEdges = new Map(inputs.map((m, i) => [ids[i]!, m.dependsOn]));
  const services = new Map<string, Issue[]>();
  for (const [i, input] of inputs.entries()) {
    const rowIssues: Issue[] = [];
    const parsed = parseConfig(input.type, input.config);
    if (parsed.ok) configs.push(parsed.config);
    else rowIssues.push(...parsed.issues);
    if (!services.has(input.serviceId))
      services.set(input.serviceId, await requireServiceIssue(ctx.db, input.serviceId));
    rowIssues.push(...services.get(input.serviceId)!);
    rowIssues.push(...(await checkRules(ctx.db, ids[i]!, input, new Set(ids), pendingEdges)));
    issues.push(
      ...rowIssues.map((r) => (opts.bulk ? { ...r, path: [opts.rowIndexes?.[i] ?? i, ...r.path] } : r)),
    );
  }
  if (issues.length) {
    issues.sort((a, b) => Number(a.path[0]) - Number(b.path[0]));
    throw invalid(issues);
  }
  const integrations = new Map<string, string>();
  for (const s of services.keys()) integrations.set(s, await monitorIntegration(ctx, actor, s));
  const rows = inputs.map((input, i) =>
    newRow(input, configs[i], ids[i]!, integrations.get(input.serviceId)!, now),
  );
  return ctx.db.transaction().execute(async (trx) => {
    await insertMonitors(trx, rows);
    // The state-change log starts with the creation (state pending; "paused" when created paused).
    await insertStateChanges(
      trx,
      rows.map((r) => ({
        ...eventStateChange(r.id, 'created', 'pending', now),
        message: r.paused ? 'created paused' : '',
      })),
    );
    const views: MonitorView[] = [];
    for (const id of ids) {
      const view = presentMonitor((await findMonitor(trx, id))!);
      views.push(view);
      await recordAudit(trx, now, actor, {
        action: 'monitor.created',
        resourceType: 'monitor',
        resourceId: id,
        after: view,
      });
    }
    return views;
  });
}

export async function updateMonitor(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateMonitorInput,
): Promise<MonitorView> {
  const now = ctx.clock.now();
  const before = await requireMonitor(ctx.db, id);
  const type = input.type ?? before.type;
  const issues: Issue[] = [];
  let config: unknown = JSON.parse(before.config);
  if (input.config !== undefined || input.type !== undefined) {
    const parsed = parseConfig(
      type,
      input.config ? keepSecrets(input.config, config as Record<string, unknown>) : config,
    );
    if (parsed.ok) config = parsed.config;
    else issues.push(...parsed.issues);
  }
  const serviceId = input.serviceId ?? before.service_id;
  if (input.serviceId !== undefined) issues.push(...(await requireServiceIssue(ctx.db, serviceId)));
  const intervalSeconds = input.intervalSeconds ?? before.interval_s;
  const dependsOn = input.dependsOn ?? (JSON.parse(before.depends_on) as string[]);
  issues.push(
    ...(await checkRules(ctx.db, id, {
      intervalSeconds,
      timeoutMs: input.timeoutMs ?? before.timeout_ms,
      dependsOn,
    })),
  );
  if (issues.length) throw invalid(issues);
  const integrationId =
    serviceId === before.service_id && before.integration_id
      ? before.integration_id
      : await monitorIntegration(ctx, actor, serviceId);
  return ctx.db.transaction().execute(async (trx) => {
    const resumed = input.paused === false && before.paused === 1;
    const rescheduled = resumed || intervalSeconds !== before.interval_s;
    await updateMonitorRow(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      type,
      config: JSON.stringify(config),
      service_id: serviceId,
      integration_id: integrationId,
      interval_s: intervalSeconds,
      ...(input.timeoutMs !== undefined && { timeout_ms: input.timeoutMs }),
      ...(input.retries !== undefined && { retries: input.retries }),
      ...(input.degradedAboveMs !== undefined && { degraded_above_ms: input.degradedAboveMs }),
      ...(input.inverted !== undefined && { inverted: input.inverted ? 1 : 0 }),
      ...(input.paused !== undefined && { paused: input.paused ? 1 : 0 }),
      depends_on: JSON.stringify(dependsOn),
      // A resumed monitor, or one with a new interval, is checked within its (new) phase from now.
      ...(type === 'heartbeat'
        ? (rescheduled || input.config !== undefined) && {
            next_check_at: heartbeatDeadline(config as HeartbeatConfig, now),
            heartbeat_token: before.heartbeat_token ?? randomToken(18),
          }
        : rescheduled && { next_check_at: now + phaseOf(id, intervalSeconds * 1000), heartbeat_token: null }),
      updated_at: now,
    });
    const paused = input.paused === true && before.paused === 0;
    if (paused || resumed)
      await insertStateChanges(trx, [eventStateChange(id, paused ? 'paused' : 'resumed', before.state, now)]);
    const after = presentMonitor((await findMonitor(trx, id))!);
    await recordAudit(trx, now, actor, {
      action: input.paused === true ? 'monitor.paused' : resumed ? 'monitor.resumed' : 'monitor.updated',
      resourceType: 'monitor',
      resourceId: id,
      before: presentMonitor(before),
      after,
    });
    return after;
  });
}

export async function cloneMonitor(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  name?: string,
): Promise<MonitorView> {
  const m = await requireMonitor(ctx.db, id);
  return createMonitor(ctx, actor, {
    name: name ?? `${m.name} (copy)`.slice(0, 200),
    type: m.type as CreateMonitorInput['type'],
    config: JSON.parse(m.config) as Record<string, unknown>,
    serviceId: m.service_id,
    intervalSeconds: m.interval_s,
    timeoutMs: m.timeout_ms,
    retries: m.retries,
    degradedAboveMs: m.degraded_above_ms,
    inverted: m.inverted === 1,
    paused: m.paused === 1,
    dependsOn: JSON.parse(m.depends_on) as string[],
  });
}

export async function deleteMonitor(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  const before = await requireMonitor(ctx.db, id);
  const dependents = [...(await dependencyEdges(ctx.db))]
    .filter(([, deps]) => deps.includes(id))
    .map(([d]) => d);
  if (dependents.length)
    throw new AppError(
      'conflict',
      `Other monitors depend on this one (${dependents.join(', ')}); remove the dependency first.`,
      { dependents },
    );
  await ctx.db.transaction().execute(async (trx) => {
    await deleteMonitorRow(trx, id);
    await recordAudit(trx, now, actor, {
      action: 'monitor.deleted',
      resourceType: 'monitor',
      resourceId: id,
      before: presentMonitor(before),
    });
  });
}

export async function getMonitor(ctx: ServiceContext, id: string): Promise<MonitorView> {
  return presentMonitor(await requireMonitor(ctx.db, id));
}

/**
 * A page of monitors with uptime per window, in two grouped queries per page: 24 h from hourly
 * rollups, 7/30/90 days from daily ones (those windows start at UTC midnight), so a page of 100
 * reads about 100 × (24 + 90) rollup rows, not 100 × 2,160 hourly ones; and a sparkline from at
 * most 30 rollup rows per monitor (one more query per rollup period on the page, usually one).
 */
export async function listMonitors(
  ctx: ServiceContext,
  f: ListMonitorsQuery,
): Promise<Page<MonitorListItem>> {
  const rows = await listMonitorRows(ctx.db, f);
  const now = ctx.clock.now();
  const page = rows.slice(0, f.limit);
  const ids = page.map((r) => r.id);
  const day = (n: number) => bucketStart(now - n * 86_400_000, 'd');
  const [hourly, daily, sparklines] = await Promise.all([
    uptimeForMonitors(ctx.db, ids, 'h', { '24h': bucketStart(now - 86_400_000, 'h') }),
    uptimeForMonitors(ctx.db, ids, 'd', { '7d': day(7), '30d': day(30), '90d': day(90) }),
    sparklinesForMonitors(ctx.db, page, now),
  ]);
  const uptimes = new Map(ids.map((id) => [id, { ...hourly.get(id), ...daily.get(id) }]));
  return toPage(
    rows,
    f.limit,
    (r) => {
      const u = uptimes.get(r.id);
      const share = (w: '24h' | '7d' | '30d' | '90d') => {
        const x = u?.[w];
        return x && x.checks > 0 ? (x.checks - x.failures) / x.checks : null;
      };
      return {
        ...presentMonitor(r),
        uptime: { '24h': share('24h'), '7d': share('7d'), '30d': share('30d'), '90d': share('90d') },
        sparkline: sparklines.get(r.id) ?? [],
        sparklinePeriod: sparklinePeriod(r.interval_s),
      };
    },
    (r) => [r.created_at, r.id],
  );
}
