import { useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { Badge } from '../../components/badge.js';
import { ListFooter } from '../../components/list-footer.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { LatencyChart, Sparkline, UptimeBars, type UptimeDay } from './monitor-charts.js';
import { MonitorStateBadge } from './monitor-state-badge.js';
import {
  formatLatency,
  formatUptime,
  monitorsApi,
  monitorsKey,
  stateLabels,
  uptimeWindows,
  type Monitor,
  type SeriesPoint,
  type StateChange,
} from './monitors.api.js';

/** The detail page's data over time: uptime (numbers and 90-day bars), latency, state history. */

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

const kindLabels: Record<Exclude<StateChange['kind'], 'check'>, string> = {
  created: 'Created',
  paused: 'Paused',
  resumed: 'Resumed',
};

/** One state-change entry's detail line: "was Up · HTTP 503 · 1.2 s" (what made the change). */
export function changeDetail(c: StateChange): string {
  const parts: string[] = [];
  if (c.kind === 'check' && c.fromState) parts.push(`was ${stateLabels[c.fromState]}`);
  if (c.kind === 'paused') parts.push('checks stopped; nobody is paged meanwhile');
  if (c.kind === 'resumed') parts.push(`checks restarted (state ${stateLabels[c.toState]})`);
  if (c.message) parts.push(c.message);
  // HTTP checks already say their status in the message ("HTTP 503 (expected 200)").
  if (c.statusCode !== null && !c.message.includes(`HTTP ${c.statusCode}`))
    parts.push(`HTTP ${c.statusCode}`);
  if (c.kind === 'check' && c.latencyMs !== null && c.toState !== 'down')
    parts.push(formatLatency(c.latencyMs));
  return parts.join(' · ');
}

/** The last raw checks as a sparkline (raw results are kept a few days). */
function RecentChecks({ monitor }: { monitor: Monitor }) {
  const results = useQuery({
    queryKey: [monitorsKey, 'results', monitor.id, monitor.lastCheckAt],
    queryFn: () => monitorsApi.results(monitor.id, 60),
  });
  if (results.isPending) return <Loading />;
  if (results.isError)
    return missing(results.error) ? null : (
      <LoadError error={results.error} onRetry={() => void results.refetch()} />
    );
  const items = results.data.items;
  if (items.length === 0)
    return (
      <p className="muted">
        No checks yet.{' '}
        {monitor.paused ? 'Resume the monitor to start checking.' : 'The first runs within one interval.'}
      </p>
    );
  return (
    <figure className="recent-checks">
      <Sparkline
        width={280}
        height={32}
        label={`Latency of the last ${items.length} checks`}
        values={items
          .slice()
          .reverse()
          .map((r) => (r.status === 'down' ? null : r.latencyMs))}
      />
      <figcaption className="muted small">
        Last {items.length} check{items.length === 1 ? '' : 's'} · latest {formatLatency(items[0]!.latencyMs)}
      </figcaption>
    </figure>
  );
}

/**
 * The state now, the recent checks, and the durable state-change log (GET …/state-changes, kept as
 * long as daily rollups), newest first, 20 at a time with "Load more".
 */
export function StateHistorySection({ monitor }: { monitor: Monitor }) {
  const changes = useInfiniteQuery({
    // A new state (or a pause) is a new first entry: start again from the newest page.
    queryKey: [monitorsKey, 'state-changes', monitor.id, monitor.stateChangedAt, monitor.paused],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => monitorsApi.stateChanges(monitor.id, pageParam, 20, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
  const items = changes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card monitor-section" aria-labelledby="history-h">
      <h2 id="history-h">State history</h2>
      <p className="muted small">
        <MonitorStateBadge monitor={monitor} /> since {formatDateTime(monitor.stateChangedAt)}.
      </p>
      <RecentChecks monitor={monitor} />
      {changes.isPending ? (
        <Loading />
      ) : changes.isError ? (
        missing(changes.error) ? (
          <Unavailable what="The state history" />
        ) : (
          <LoadError error={changes.error} onRetry={() => void changes.refetch()} />
        )
      ) : items.length === 0 ? (
        <p className="muted">
          No state changes recorded yet: the first check that decides up or down adds one here.
        </p>
      ) : (
        <>
          <ol className="state-history" aria-label="State changes">
            {items.map((c) => (
              <li key={c.id}>
                {c.kind === 'check' ? (
                  <MonitorStateBadge monitor={{ state: c.toState, paused: false }} />
                ) : (
                  <Badge tone="neutral">{kindLabels[c.kind]}</Badge>
                )}
                <time dateTime={c.at}>{formatDateTime(c.at)}</time>
                <span className="muted small">{changeDetail(c)}</span>
              </li>
            ))}
          </ol>
          <ListFooter
            shown={items.length}
            hasMore={changes.hasNextPage}
            loading={changes.isFetchingNextPage}
            onMore={() => void changes.fetchNextPage()}
            noun="changes"
          />
        </>
      )}
    </section>
  );
}
