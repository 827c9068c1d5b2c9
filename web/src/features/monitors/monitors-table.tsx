import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { RelativeTime } from '../../components/relative-time.js';
import { Sparkline } from './monitor-charts.js';
import { MonitorStateBadge } from './monitor-state-badge.js';
import {
  formatLatency,
  formatUptime,
  monitorsApi,
  monitorsKey,
  noSparkline,
  sparklineCaption,
  targetOf,
  typeLabels,
  uptimeWindows,
  type Monitor,
} from './monitors.api.js';

/**
 * Uptime over 24 h, 7 d, 30 d and 90 d from the list answer (one query per page on the server);
 * a server without them in the list is asked per shown row (…/uptime, kept a minute).
 */
function UptimeCells({ monitor: m }: { monitor: Monitor }) {
  const stats = useQuery({
    queryKey: [monitorsKey, 'uptime', m.id],
    queryFn: () => monitorsApi.uptime(m.id),
    enabled: m.uptime === undefined,
    staleTime: 60_000,
    retry: false,
  });
  return (
    <>
      {uptimeWindows.map((w) => (
        <td key={w} className="num">
          {formatUptime(m.uptime ? m.uptime[w] : stats.data?.[w].uptime)}
        </td>
      ))}
    </>
  );
}

/** The monitors list: state, what is checked, uptime over four windows, last latency, sparkline. */
export function MonitorsTable({
  items,
  serviceName,
  now,
  busy,
}: {
  items: Monitor[];
  serviceName: (id: string) => string;
  now: number;
  busy: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table monitor-table">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Monitor</th>
            <th scope="col">Service</th>
            <th scope="col" className="num">
              24 h
            </th>
            <th scope="col" className="num">
              7 d
            </th>
            <th scope="col" className="num">
              30 d
            </th>
            <th scope="col" className="num">
              90 d
            </th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col">Recent latency</th>
            <th scope="col">Last check</th>
          </tr>
        </thead>
        <tbody aria-busy={busy || undefined}>
          {items.map((m) => (
            <tr key={m.id}>
              <td>
                <MonitorStateBadge monitor={m} />
              </td>
              <td className="cell-title">
                <Link to={`/monitors/${m.id}`} className="row-link">
                  {m.name}
                </Link>
                <div className="muted small monitor-target">
                  {typeLabels[m.type] ?? m.type} · <span className="mono-soft">{targetOf(m)}</span>
                </div>
              </td>
              <td>{serviceName(m.serviceId)}</td>
              <UptimeCells monitor={m} />
              <td className="num">{formatLatency(m.lastLatencyMs)}</td>
              <td>
                {m.sparkline?.length ? (
                  <Sparkline values={m.sparkline} label={sparklineCaption(m.sparklinePeriod)} />
                ) : (
                  <span className="muted small">{m.sparkline ? noSparkline(m) : '—'}</span>
                )}
              </td>
              <td>
                {m.lastCheckAt ? (
                  <RelativeTime iso={m.lastCheckAt} now={now} />
                ) : (
                  <span className="muted">Not yet</span>
                )}
                {m.lastMessage && m.state !== 'up' ? (
                  <div className="muted small">{m.lastMessage}</div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
