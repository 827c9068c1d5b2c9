import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { api, withQuery } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { StatusBadge } from '../../components/status-badge.js';
import { alertsKey, type Alert } from '../alerts/alerts.api.js';
import { pollMs } from './incidents.api.js';

/** The alerts grouped into this incident, newest first. */
export function IncidentAlerts({ incidentId, now }: { incidentId: string; now: number }) {
  const alerts = useQuery({
    queryKey: [alertsKey, 'list', { incident: incidentId }],
    queryFn: ({ signal }) =>
      api<Page<Alert>>(withQuery('/api/v1/alerts', { incident: incidentId, limit: 100 }), { signal }),
    refetchInterval: pollMs,
  });
  return (
    <section className="card" aria-labelledby="incident-alerts">
      <div className="card-header">
        <h2 id="incident-alerts">Linked alerts</h2>
        {alerts.data ? (
          <span className="muted small">
            {alerts.data.items.length}
            {alerts.data.nextCursor ? '+' : ''} {alerts.data.items.length === 1 ? 'alert' : 'alerts'}
          </span>
        ) : null}
      </div>
      {alerts.isPending ? (
        <Loading />
      ) : alerts.isError ? (
        <LoadError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.items.length === 0 ? (
        <EmptyState title="No alerts">
          This incident was opened by hand; no monitoring alert is linked to it.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table table-flush table-compact">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Summary</th>
                <th scope="col">Dedup key</th>
                <th scope="col" className="num">
                  Events
                </th>
                <th scope="col">Last event</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td className="cell-title">
                    <Link to={`/alerts/${a.id}`}>{a.summary}</Link>
                  </td>
                  <td className="mono-soft cell-key">{a.dedupKey}</td>
                  <td className="num">{a.eventCount.toLocaleString()}</td>
                  <td className="nowrap">
                    <RelativeTime iso={a.lastEventAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
