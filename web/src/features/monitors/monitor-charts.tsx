import { formatLatency, formatUptime } from './monitors.api.js';

/** One day of the uptime bars (a UTC day, "2026-11-27"). */
export interface UptimeDay {
  day: string;
  checks: number;
  failures: number;
  degraded: number;
}

/** One point of the latency chart: percentiles from the rollups' histograms. */
export interface LatencyPoint {
  at: string;
  p50Ms: number | null;
  p95Ms: number | null;
}

/**
 * The monitors' charts, in plain SVG (no chart library): a sparkline for the list, 90 daily
 * uptime bars and a p50/p95 latency chart for the detail page. Each has a text alternative.
 */

/**
 * Recent latencies as a line, oldest left, the latest marked with a dot; failed points (null) as
 * red ticks on the baseline. `label` says what the points are ("Latency of the last 60 checks").
 */
export function Sparkline({
  values,
  width = 96,
  height = 24,
  label = `Latency of the last ${values.length} checks`,
}: {
  values: readonly (number | null)[];
  width?: number;
  height?: number;
  label?: string;
}) {
  if (values.length === 0) return <span className="muted">—</span>;
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  // One point sits at the right edge: it is the latest, where a longer line would end.
  const x = (i: number): number =>
    values.length < 2 ? width - 3 : 3 + (i * (width - 6)) / (values.length - 1);
  const y = (v: number): number => height - 2 - (v / max) * (height - 4);
  const points = values
    .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  const known = values.filter((v): v is number => v !== null);
  const failed = values.length - known.length;
  const range = known.length
    ? `${formatLatency(Math.min(...known))} to ${formatLatency(Math.max(...known))}`
    : 'every one failed';
  const last = values[values.length - 1];
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${range}${failed && known.length ? `, ${failed} failed` : ''}`}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      {last !== null && last !== undefined ? (
        <circle cx={x(values.length - 1)} cy={y(last)} r="2" fill="currentColor" />
      ) : null}
      {values.map((v, i) =>
        v === null ? (
          <rect key={i} className="spark-fail" x={x(i) - 1} y={height - 4} width="2" height="4" />
        ) : null,
      )}
    </svg>
  );
}

function dayTone(d: UptimeDay): string {
  if (d.checks === 0) return 'none';
  if (d.failures > 0) return d.failures / d.checks > 0.01 ? 'down' : 'partial';
  return d.degraded > 0 ? 'degraded' : 'up';
}

/** 90 bars, one per UTC day, oldest left; hover (title) gives the day's numbers. */
export function UptimeBars({ days }: { days: readonly UptimeDay[] }) {
  const gap = 2;
  const bar = 6;
  const width = days.length * (bar + gap);
  const withChecks = days.filter((d) => d.checks > 0);
  const checks = withChecks.reduce((n, d) => n + d.checks, 0);
  const failures = withChecks.reduce((n, d) => n + d.failures, 0);
  const overall = checks ? (checks - failures) / checks : null;
  return (
    <figure className="uptime-bars">
      <svg
        width="100%"
        height="32"
        viewBox={`0 0 ${width} 32`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Uptime over the last ${days.length} days: ${formatUptime(overall)}`}
      >
        {days.map((d, i) => (
          <rect
            key={d.day}
            className={`uptime-bar uptime-bar-${dayTone(d)}`}
            x={i * (bar + gap)}
            y="0"
            width={bar}
            height="32"
            rx="1"
          >
            <title>
              {d.checks
                ? `${d.day}: ${formatUptime((d.checks - d.failures) / d.checks)} up, ${d.failures} failed and ${d.degraded} degraded of ${d.checks} checks`
                : `${d.day}: no checks`}
            </title>
          </rect>
        ))}
      </svg>
      <figcaption className="uptime-caption muted small">
        <span>{days.length} days ago</span>
        <span>{formatUptime(overall)} uptime</span>
        <span>Today</span>
      </figcaption>
    </figure>
  );
}

/** p50 and p95 latency over time, with a y axis in ms and the first and last times below. */
export function LatencyChart({ points }: { points: readonly LatencyPoint[] }) {
  const width = 960;
  const height = 200;
  const left = 48;
  const plotW = width - left - 8;
  const plotH = height - 24;
  const max = Math.max(1, ...points.flatMap((p) => [p.p50Ms ?? 0, p.p95Ms ?? 0]));
  const top = niceCeil(max);
  const x = (i: number): number => left + (points.length < 2 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number): number => 4 + plotH - (v / top) * plotH;
  const line = (key: 'p50Ms' | 'p95Ms'): string =>
    points
      .map((p, i) => (p[key] === null ? null : `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`))
      .filter(Boolean)
      .join(' ');
  const last = points[points.length - 1];
  return (
    <figure className="latency-chart">
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Latency, ${points.length} points; latest p50 ${formatLatency(last?.p50Ms)}, p95 ${formatLatency(last?.p95Ms)}`}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="chart-grid" x1={left} x2={width - 8} y1={y(top * f)} y2={y(top * f)} />
            <text className="chart-label" x={left - 6} y={y(top * f) + 4} textAnchor="end">
              {formatLatency(Math.round(top * f))}
            </text>
          </g>
        ))}
        <polyline className="chart-p95" points={line('p95Ms')} fill="none" />
        <polyline className="chart-p50" points={line('p50Ms')} fill="none" />
        {points.length <= 60
          ? points.map((p, i) =>
              p.p50Ms === null ? null : (
                <circle key={p.at} className="chart-dot" cx={x(i)} cy={y(p.p50Ms)} r="3" />
              ),
            )
          : null}
        {points.length ? (
          <>
            <text className="chart-label" x={left} y={height - 4}>
              {shortTime(points[0]!.at)}
            </text>
            <text className="chart-label" x={width - 8} y={height - 4} textAnchor="end">
              {shortTime(last!.at)}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption className="chart-legend small">
        <span className="legend-p50">p50</span> <span className="legend-p95">p95</span>
      </figcaption>
    </figure>
  );
}

function niceCeil(v: number): number {
  const mag = 10 ** Math.floor(Math.log10(v));
  const n = v / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}

function shortTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
