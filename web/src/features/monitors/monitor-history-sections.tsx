import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { LatencyChart, UptimeBars } from './monitor-charts.js';
import { MonitorStateBadge } from './monitor-state-badge.js';
import { formatUptime, monitorsApi, monitorsKey, type Monitor } from './monitors.api.js';

/** The detail page's data over time: uptime (numbers and 90-day bars), latency, state changes. */

/** A 404 from a history endpoint: this server does not serve it (yet), which is not a failure. */
const missing = (err: unknown): boolean =>
  err instanceof ApiError && err.status === 404 && err.code === 'route_not_found';

function Unavailable({ what }: { what: string }) {
  return <p className="muted">{what} is not available from this Keel server yet.</p>;
}

export function UptimeSection({ monitor }: { monitor: Monitor }) {
  const days = useQuery({
    queryKey: [monitorsKey, 'uptime', monitor.id],
    queryFn: () => monitorsApi.uptimeDays(monitor.id),
  });
  const windows = [
    ['24 hours', monitor.uptime?.d1],
    ['7 days', monitor.uptime?.d7],
    ['30 days', monitor.uptime?.d30],
    ['90 days', monitor.uptime?.d90],
  ] as const;
  return (
    <section className="card monitor-section" aria-labelledby="uptime-h">
      <h2 id="uptime-h">Uptime</h2>
      <dl className="uptime-stats">
        {windows.map(([label, v]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{formatUptime(v)}</dd>
          </div>
        ))}
      </dl>
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        missing(days.error) ? (
          <Unavailable what="The 90-day history" />
        ) : (
          <LoadError error={days.error} onRetry={() => void days.refetch()} />
        )
      ) : days.data.items.length === 0 ? (
        <p className="muted">No checks yet: the bars fill in day by day.</p>
      ) : (
        <UptimeBars days={days.data.items} />
      )}
    </section>
  );
}

const ranges = [
  ['24h', '24 hours'],
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days'],
] as const;

export function LatencySection({ monitor }: { monitor: Monitor }) {
  const [range, setRange] = useState<string>('24h');
  const points = useQuery({
    queryKey: [monitorsKey, 'latency', monitor.id, range],
    queryFn: () => monitorsApi.latency(monitor.id, range),
    placeholderData: (prev) => prev,
  });
  return (
    <section className="card monitor-section" aria-labelledby="latency-h">
      <div className="section-head">
        <h2 id="latency-h">Latency</h2>
        <div className="chip-group" role="group" aria-label="Range">
          {ranges.map(([value, label]) => (
            <button
              key={value}
              type="button"
              className="filter-chip"
              aria-pressed={range === value}
              onClick={() => setRange(value)}
            >
              {label}
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
      ) : points.data.items.length === 0 ? (
        <p className="muted">No checks in this range yet.</p>
      ) : (
        <LatencyChart points={points.data.items} />
      )}
    </section>
  );
}

export function StateHistorySection({ monitor }: { monitor: Monitor }) {
  const history = useQuery({
    queryKey: [monitorsKey, 'history', monitor.id],
    queryFn: () => monitorsApi.history(monitor.id),
  });
  return (
    <section className="card monitor-section" aria-labelledby="history-h">
      <h2 id="history-h">State history</h2>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        missing(history.error) ? (
          <p className="muted">
            Since {formatDateTime(monitor.stateChangedAt)}: <MonitorStateBadge monitor={monitor} /> (earlier
            changes are not available from this Keel server yet).
          </p>
        ) : (
          <LoadError error={history.error} onRetry={() => void history.refetch()} />
        )
      ) : history.data.items.length === 0 ? (
        <EmptyState title="No state changes yet">
          The monitor has kept its state since it was created.
        </EmptyState>
      ) : (
        <ol className="state-history">
          {history.data.items.map((h) => (
            <li key={`${h.at}-${h.state}`}>
              <MonitorStateBadge monitor={{ state: h.state, paused: false }} />
              <time dateTime={h.at}>{formatDateTime(h.at)}</time>
              {h.message ? <span className="muted">{h.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
