/**
 * Rollup maths, pure: the fixed latency buckets, bucket starts per period, merging, percentiles
 * and uptime from rollups (docs/monitors.md "Results and rollups"). Buckets are fixed so any two
 * rollups merge by adding counts, and a percentile over any range is read from the merged
 * histogram (never an average of percentiles).
 */
import type { RollupPeriod } from './monitors.table.js';

/** Upper bounds (inclusive, ms) of histogram buckets h0..h10; h11 holds everything slower. */
export const latencyBounds = [10, 25, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10_000] as const;
export const bucketCount = latencyBounds.length + 1;

export const periodMs: Record<RollupPeriod, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** How long each period's rollups are kept: minutes 14 days, hours 90 days, days 25 months. */
export const rollupRetentionMs: Record<RollupPeriod, number> = {
  m: 14 * 86_400_000,
  h: 90 * 86_400_000,
  d: 762 * 86_400_000,
};

export function bucketOf(latencyMs: number): number {
  for (let i = 0; i < latencyBounds.length; i++) if (latencyMs <= latencyBounds[i]!) return i;
  return latencyBounds.length;
}

export function bucketStart(at: number, period: RollupPeriod): number {
  return at - (at % periodMs[period]);
}

export interface Rollup {
  checks: number;
  failures: number;
  degraded: number;
  latencySum: number;
  histogram: number[];
}

export const emptyRollup = (): Rollup => ({
  checks: 0,
  failures: 0,
  degraded: 0,
  latencySum: 0,
  histogram: new Array<number>(bucketCount).fill(0),
});

/** Adds one check result to a rollup (in place). Down results count as failures, not latency. */
export function addResult(r: Rollup, status: 'up' | 'degraded' | 'down', latencyMs: number): void {
  r.checks++;
  if (status === 'down') {
    r.failures++;
    return;
  }
  if (status === 'degraded') r.degraded++;
  r.latencySum += latencyMs;
  r.histogram[bucketOf(latencyMs)]!++;
}

export function mergeRollups(rollups: Iterable<Rollup>): Rollup {
  const out = emptyRollup();
  for (const r of rollups) {
    out.checks += r.checks;
    out.failures += r.failures;
    out.degraded += r.degraded;
    out.latencySum += r.latencySum;
    r.histogram.forEach((n, i) => (out.histogram[i]! += n));
  }
  return out;
}

/**
 * The q-quantile (0..1) of latency, as the upper bound of the bucket that holds it (the slowest
 * bucket reports its lower bound). Null with no measured check.
 */
export function percentile(r: Rollup, q: number): number | null {
  const total = r.histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < r.histogram.length; i++) {
    seen += r.histogram[i]!;
    if (seen >= rank) return latencyBounds[i] ?? latencyBounds[latencyBounds.length - 1]!;
  }
  return latencyBounds[latencyBounds.length - 1]!;
}

/** Share of checks that were not down (degraded counts as up), 0..1; null with no check. */
export function uptime(r: Rollup): number | null {
  return r.checks === 0 ? null : (r.checks - r.failures) / r.checks;
}
