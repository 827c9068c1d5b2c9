import { notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../lib/context.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { iso } from '../../lib/time.js';
import { readRollups, recentResults } from './monitor-results.repository.js';
import { listStateChanges } from './monitor-state-changes.repository.js';
import { findMonitor, findMonitorByBadge, type MonitorRow } from './monitors.repository.js';
import type { StateChangesQuery, StateChangeView } from './monitors.schema.js';
import type { RollupPeriod } from './monitors.table.js';
import { bucketStart, mergeRollups, percentile, periodMs, uptime, type Rollup } from './rollups.domain.js';

/** Uptime, percentiles and chart series, read from rollups only (never from raw results). */

export const uptimeWindows = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
} as const;
export type UptimeWindow = keyof typeof uptimeWindows;

export interface WindowStats {
  uptime: number | null;
  checks: number;
  failures: number;
  degraded: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

function statsOf(r: Rollup): WindowStats {
  return {
    uptime: uptime(r),
    checks: r.checks,
    failures: r.failures,
    degraded: r.degraded,
    p50Ms: percentile(r, 0.5),
    p95Ms: percentile(r, 0.95),
    p99Ms: percentile(r, 0.99),
  };
}

async function requireMonitor(ctx: ServiceContext, id: string): Promise<MonitorRow> {
  const m = await findMonitor(ctx.db, id);
  if (!m) throw notFound('Monitor', id);
  return m;
}

/** One window from hourly rollups (the current, partial hour included). */
export async function windowStats(
  ctx: ServiceContext,
  monitorId: string,
  w: UptimeWindow,
): Promise<WindowStats> {
  const now = ctx.clock.now();
  const rows = await readRollups(ctx.db, monitorId, 'h', bucketStart(now - uptimeWindows[w], 'h'), now + 1);
  return statsOf(mergeRollups(rows));
}

export async function monitorUptime(
  ctx: ServiceContext,
  id: string,
): Promise<Record<UptimeWindow, WindowStats>> {
  await requireMonitor(ctx, id);
  const out = {} as Record<UptimeWindow, WindowStats>;
  // One read of 90 days of hourly rollups, merged per window.
  const now = ctx.clock.now();
  const rows = await readRollups(ctx.db, id, 'h', bucketStart(now - uptimeWindows['90d'], 'h'), now + 1);
  for (const w of Object.keys(uptimeWindows) as UptimeWindow[]) {
    const from = bucketStart(now - uptimeWindows[w], 'h');
    out[w] = statsOf(mergeRollups(rows.filter((r) => r.bucketStart >= from)));
  }
  return out;
}

export interface SeriesPoint extends WindowStats {
  at: string;
  avgMs: number | null;
}

/** Chart points for [from, to) at one rollup period; buckets without checks are left out. */
export async function monitorSeries(
  ctx: ServiceContext,
  id: string,
  q: { period: RollupPeriod; from?: number | undefined; to?: number | undefined },
): Promise<{ period: RollupPeriod; points: SeriesPoint[] }> {
  await requireMonitor(ctx, id);
  const now = ctx.clock.now();
  const to = q.to ?? now + 1;
  const from = q.from ?? to - periodMs[q.period] * (q.period === 'd' ? 90 : q.period === 'h' ? 168 : 180);
  const rows = await readRollups(ctx.db, id, q.period, bucketStart(from, q.period), to);
  return {
    period: q.period,
    points: rows.map((r) => {
      const measured = r.checks - r.failures;
      return {
        at: iso(r.bucketStart),
        ...statsOf(r),
        avgMs: measured > 0 ? Math.round(r.latencySum / measured) : null,
      };
    }),
  };
}

export async function monitorResults(ctx: ServiceContext, id: string, limit: number) {
  await requireMonitor(ctx, id);
  const rows = await recentResults(ctx.db, id, limit);
  return {
    items: rows.map((r) => ({
      at: iso(Number(r.at)),
      status: r.status,
      latencyMs: r.latency_ms,
      message: r.message,
    })),
  };
}

/** The monitor's state-change log, newest first, keyset paged (kept as long as daily rollups). */
export async function monitorStateChanges(
  ctx: ServiceContext,
  id: string,
  q: StateChangesQuery,
): Promise<Page<StateChangeView>> {
  await requireMonitor(ctx, id);
  const rows = await listStateChanges(ctx.db, id, q);
  return toPage(
    rows,
    q.limit,
    (r) => ({
      id: r.id,
      at: iso(Number(r.at)),
      kind: r.kind,
      fromState: r.from_state,
      toState: r.to_state,
      message: r.message,
      latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
      statusCode: r.status_code === null ? null : Number(r.status_code),
    }),
    (r) => [Number(r.at), r.id],
  );
}

export { findMonitorByBadge };
