import type { Db } from '../../db/database.js';
import type { RollupPeriod } from './monitors.table.js';
import { bucketStart, periodMs } from './rollups.domain.js';

/** How many rollup buckets a list sparkline covers. */
export const sparklineBuckets = 30;

/**
 * The rollup period a monitor's sparkline reads: minutes for checks every minute or more often
 * (the last 30 minutes), hours up to hourly checks (30 hours), days beyond (30 days), so a slow
 * monitor still draws a line.
 */
export function sparklinePeriod(intervalSeconds: number): RollupPeriod {
  return intervalSeconds <= 60 ? 'm' : intervalSeconds <= 3600 ? 'h' : 'd';
}

/**
 * Sparklines for a page of monitors: per monitor, the mean latency (ms, rounded) of each rollup
 * bucket with checks in the last 30 buckets of its period, oldest first; null for a bucket whose
 * checks all failed; buckets without checks are left out. One query per period present on the
 * page (usually one), each an index range on the rollups' primary key.
 */
export async function sparklinesForMonitors(
  db: Db,
  monitors: readonly { id: string; interval_s: number }[],
  now: number,
): Promise<Map<string, (number | null)[]>> {
  const out = new Map<string, (number | null)[]>(monitors.map((m) => [m.id, []]));
  const byPeriod = new Map<RollupPeriod, string[]>();
  for (const m of monitors) {
    const p = sparklinePeriod(m.interval_s);
    const ids = byPeriod.get(p);
    if (ids) ids.push(m.id);
    else byPeriod.set(p, [m.id]);
  }
  await Promise.all(
    [...byPeriod].map(async ([period, ids]) => {
      const from = bucketStart(now, period) - (sparklineBuckets - 1) * periodMs[period];
      const rows = await db
        .selectFrom('monitor_rollups')
        .select(['monitor_id', 'bucket_start', 'checks', 'failures', 'latency_sum'])
        .where('monitor_id', 'in', ids)
        .where('period', '=', period)
        .where('bucket_start', '>=', from)
        .orderBy('monitor_id')
        .orderBy('bucket_start')
        .execute();
      for (const r of rows) {
        const measured = Number(r.checks) - Number(r.failures);
        if (Number(r.checks) === 0) continue;
        out.get(r.monitor_id)?.push(measured > 0 ? Math.round(Number(r.latency_sum) / measured) : null);
      }
    }),
  );
  return out;
}
