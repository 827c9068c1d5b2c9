import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { api, withQuery } from '../../lib/api.js';
import { useLivePollMs } from '../../lib/live.js';
import type { Page } from '../../lib/types.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { StatusBadge } from '../../components/status-badge.js';
import { alertsKey, type Alert } from '../alerts/alerts.api.js';

/** The alerts grouped into this incident, newest first. */
export function IncidentAlerts({ incidentId, now }: { incidentId: string; now: number }) {
  const alerts = useQuery({
    queryKey: [alertsKey, 'list', { incident: incidentId }],
    queryFn: ({ signal }) =>
      api<Page<Alert>>(withQuery('/api/v1/alerts', { incident: incidentId, limit: 100 }), { signal }),
    refetchInterval: useLivePollMs(),
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
          No alert is linked to this incident. Incidents opened by hand start without alerts.
        </EmptyState>
      ) : (
        <ul className="linked-alerts">
          {alerts.data.items.map((a) => (
            <li key={a.id} className="linked-alert">
              <div className="linked-alert-head">
                <StatusBadge status={a.status} />
                <Link to={`/alerts/${a.id}`} className="linked-alert-summary">
                  {a.summary}
                </Link>
              </div>
              <dl className="linked-alert-facts">
                <div>
                  <dt>Dedup key</dt>
                  <dd className="mono-soft">{a.dedupKey}</dd>
                </div>
                <div>
                  <dt>Events</dt>
                  <dd>{a.eventCount.toLocaleString()}</dd>
                </div>
                <div>
                  <dt>Last event</dt>
                  <dd>
                    <RelativeTime iso={a.lastEventAt} now={now} />
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
