import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { LatencyChart, Sparkline, UptimeBars, type UptimeDay } from './monitor-charts.js';
import { MonitorStateBadge } from './monitor-state-badge.js';
import {
  formatLatency,
  formatUptime,
  monitorsApi,
  monitorsKey,
  uptimeWindows,
  type CheckResultRow,
  type Monitor,
  type SeriesPoint,
} from './monitors.api.js';

/** The detail page's data over time: uptime (numbers and 90-day bars), latency, recent checks. */

const dayMs = 86_400_000;

/** A 404 for the route itself: this server does not serve it (yet), which is not a failure. */
const missing = (err: unknown): boolean =>
  err instanceof ApiError && err.status === 404 && err.code === 'route_not_found';

function Unavailable({ what }: { what: string }) {
  return <p className="muted">{what} is not available from this Keel server yet.</p>;
}

/** 90 UTC days ending today; days without a rollup count as no checks. */
export function ninetyDays(points: readonly SeriesPoint[], now: number): UptimeDay[] {
  const byDay = new Map(points.map((p) => [p.at.slice(0, 10), p]));
  const today = Math.floor(now / dayMs) * dayMs;
  return Array.from({ length: 90 }, (_, i) => {
    const day = new Date(today - (89 - i) * dayMs).toISOString().slice(0, 10);
    const p = byDay.get(day);
    return { day, checks: p?.checks ?? 0, failures: p?.failures ?? 0, degraded: p?.degraded ?? 0 };
  });
}

const windowLabels = { '24h': '24 hours', '7d': '7 days', '30d': '30 days', '90d': '90 days' } as const;

export function UptimeSection({ monitor }: { monitor: Monitor }) {
  const stats = useQuery({
    queryKey: [monitorsKey, 'uptime', monitor.id],
    queryFn: () => monitorsApi.uptime(monitor.id),
  });
  const days = useQuery({
    queryKey: [monitorsKey, 'days', monitor.id],
    queryFn: () => monitorsApi.series(monitor.id, 'd', Date.now() - 90 * dayMs),
  });
  return (
    <section className="card monitor-section" aria-labelledby="uptime-h">
      <h2 id="uptime-h">Uptime</h2>
      <dl className="uptime-stats">
        {uptimeWindows.map((w) => {
          const s = stats.data?.[w];
          return (
            <div key={w}>
              <dt>{windowLabels[w]}</dt>
              <dd>{formatUptime(s?.uptime ?? monitor.uptime?.[w])}</dd>
              {s && s.checks ? (
                <dd className="uptime-detail">
                  {s.failures} of {s.checks.toLocaleString()} checks failed · p95 {formatLatency(s.p95Ms)}
                </dd>
              ) : null}
            </div>
          );
        })}
      </dl>
      {stats.isError && !missing(stats.error) ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : null}
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        missing(days.error) ? (
          <Unavailable what="The 90-day history" />
        ) : (
          <LoadError error={days.error} onRetry={() => void days.refetch()} />
        )
      ) : (
        <UptimeBars days={ninetyDays(days.data.points, Date.now())} />
      )}
    </section>
  );
}

/** Each range reads the finest rollup kept that long: minutes for a day, hours for a month. */
const ranges = [
  { value: '24h', label: '24 hours', period: 'm', ms: dayMs },
  { value: '7d', label: '7 days', period: 'h', ms: 7 * dayMs },
  { value: '30d', label: '30 days', period: 'h', ms: 30 * dayMs },
  { value: '90d', label: '90 days', period: 'd', ms: 90 * dayMs },
] as const;

export function LatencySection({ monitor }: { monitor: Monitor }) {
  const [range, setRange] = useState<(typeof ranges)[number]>(ranges[0]);
  const points = useQuery({
    queryKey: [monitorsKey, 'series', monitor.id, range.value],
    queryFn: () => monitorsApi.series(monitor.id, range.period, Date.now() - range.ms),
    placeholderData: (prev) => prev,
  });
  return (
    <section className="card monitor-section" aria-labelledby="latency-h">
      <div className="section-head">
        <h2 id="latency-h">Latency</h2>
        <div className="chip-group" role="group" aria-label="Range">
          {ranges.map((r) => (
            <button
              key={r.value}
              type="button"
              className="filter-chip"
              aria-pressed={range.value === r.value}
              onClick={() => setRange(r)}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {points.isPending ? (
        <Loading />
      ) : points.isError ? (
        missing(points.error) ? (
          <Unavailable what="Latency history" />
        ) : (
          <LoadError error={points.error} onRetry={() => void points.refetch()} />
        )
      ) : points.data.points.length === 0 ? (
        <p className="muted">No checks in this range yet: the chart fills in as checks run.</p>
      ) : (
        <LatencyChart points={points.data.points} />
      )}
    </section>
  );
}

interface Run {
  status: CheckResultRow['status'];
  from: string;
  to: string;
  count: number;
  message: string;
}

/** Consecutive results with the same outcome as one run, newest first. */
export function runsOf(results: readonly CheckResultRow[]): Run[] {
  const runs: Run[] = [];
  for (const r of results) {
    const last = runs[runs.length - 1];
    if (last && last.status === r.status) {
      last.from = r.at;
      last.count++;
    } else runs.push({ status: r.status, from: r.at, to: r.at, count: 1, message: r.message });
  }
  return runs;
}

/** The last checks: a sparkline and the changes between up, degraded and down. */
export function RecentChecksSection({ monitor }: { monitor: Monitor }) {
  const results = useQuery({
    queryKey: [monitorsKey, 'results', monitor.id, monitor.lastCheckAt],
    queryFn: () => monitorsApi.results(monitor.id, 200),
  });
  return (
    <section className="card monitor-section" aria-labelledby="history-h">
      <h2 id="history-h">State history</h2>
      <p className="muted small">
        <MonitorStateBadge monitor={monitor} /> since {formatDateTime(monitor.stateChangedAt)}.
      </p>
      {results.isPending ? (
        <Loading />
      ) : results.isError ? (
        missing(results.error) ? (
          <Unavailable what="Check history" />
        ) : (
          <LoadError error={results.error} onRetry={() => void results.refetch()} />
        )
      ) : results.data.items.length === 0 ? (
        <p className="muted">
          No checks yet.{' '}
          {monitor.paused ? 'Resume the monitor to start checking.' : 'The first runs within one interval.'}
        </p>
      ) : (
        <>
          {results.data.items.length > 1 ? (
            <Sparkline
              width={280}
              height={32}
              values={results.data.items
                .slice(0, 60)
                .reverse()
                .map((r) => (r.status === 'down' ? null : r.latencyMs))}
            />
          ) : null}
          <ol className="state-history">
            {runsOf(results.data.items)
              .slice(0, 12)
              .map((run) => (
                <li key={run.to}>
                  <MonitorStateBadge monitor={{ state: run.status, paused: false }} />
                  <time dateTime={run.from}>{formatDateTime(run.from)}</time>
                  <span className="muted small">
                    {run.count} check{run.count === 1 ? '' : 's'}
                    {run.message ? ` · ${run.message}` : ''}
                  </span>
                </li>
              ))}
          </ol>
        </>
      )}
    </section>
  );
}
