import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { deliveriesApi, notificationsKey } from './deliveries.api.js';
import { DeliveryTable } from './delivery-table.js';

/**
 * The incident's notifications: who was told, how, and whether it arrived. Failures are counted
 * in the heading so they are seen without opening the table.
 */
export function IncidentNotifications({ incidentId, now }: { incidentId: string; now: number }) {
  const me = useMe();
  const list = useQuery({
    queryKey: [notificationsKey, 'incident', incidentId],
    queryFn: () => deliveriesApi.forIncident(incidentId),
    refetchInterval: 15_000,
  });
  const failed = list.data?.items.filter((n) => n.status === 'failed').length ?? 0;
  return (
    <section className="card" aria-labelledby="incident-notifications">
      <div className="card-header">
        <h2 id="incident-notifications">Notifications</h2>
        <span className="cell-actions">
          {failed > 0 ? (
            <span className="text-bad small" role="status">
              {failed} failed
            </span>
          ) : null}
          {canManage(me.role) ? (
            <Link to={`/settings/deliveries?incident=${encodeURIComponent(incidentId)}`} className="small">
              Delivery log
            </Link>
          ) : null}
        </span>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="muted small">
          Nobody has been notified about this incident. Its service’s escalation policy decides who is paged;
          check the service page if you expected a page.
        </p>
      ) : (
        <DeliveryTable
          items={list.data.items}
          now={now}
          showIncident={false}
          label="Incident notifications"
        />
      )}
    </section>
  );
}
