import { Link, navigate, useLocation } from '../../app/router.js';
import { useLivePollMs } from '../../lib/live.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { LiveIndicator } from '../../components/live-indicator.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { SearchBox } from '../../components/search-box.js';
import { SeverityBadge, StatusBadge } from '../../components/status-badge.js';
import { useAllServices } from '../services/services.api.js';
import { SuppressionBadge } from './alert-suppression.js';
import { alertStatuses, alertsKey, type Alert, type AlertStatus } from './alerts.api.js';

const statusWords: Record<AlertStatus, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

interface AlertFilters {
  statuses: AlertStatus[];
  service: string;
  q: string;
  /** '' any, 'false' paged, 'true' not paged (a rule, silence or maintenance window suppressed it). */
  suppressed: '' | 'true' | 'false';
}

function readFilters(search: URLSearchParams): AlertFilters {
  const raw = search.get('status');
  const asked = raw ? raw.split(',') : [];
  const statuses = alertStatuses.filter((s) => asked.includes(s));
  const suppressed = search.get('suppressed');
  return {
    statuses,
    service: search.get('service') ?? '',
    q: search.get('q') ?? '',
    suppressed: suppressed === 'true' || suppressed === 'false' ? suppressed : '',
  };
}

function writeFilters(f: AlertFilters): string {
  const q = new URLSearchParams();
  if (f.statuses.length && f.statuses.length < alertStatuses.length) q.set('status', f.statuses.join(','));
  if (f.service) q.set('service', f.service);
  if (f.q) q.set('q', f.q);
  if (f.suppressed) q.set('suppressed', f.suppressed);
  return q.toString();
}

/**
 * Alerts: every deduplicated signal that monitoring sent, newest first, with the incident each
 * one opened or joined. Filters are kept in the URL.
 */
export function AlertsPage() {
  const { search } = useLocation();
  const filters = readFilters(search);
  const services = useAllServices();
  const now = useNow();
  const list = usePagedList<Alert>(
    alertsKey,
    '/api/v1/alerts',
    {
      status: filters.statuses.join(','),
      service: filters.service,
      q: filters.q,
      suppressed: filters.suppressed,
    },
    50,
    { refetchInterval: useLivePollMs() },
  );
  const set = (next: Partial<AlertFilters>): void => {
    const q = writeFilters({ ...filters, ...next });
    navigate(`/alerts${q ? `?${q}` : ''}`, { replace: true });
  };
  const narrowed =
    filters.statuses.length > 0 || filters.service !== '' || filters.q !== '' || filters.suppressed !== '';
  const serviceName = (id: string): string =>
    services.data?.find((s) => s.id === id)?.name ?? (services.isPending ? '…' : 'Removed service');

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Every signal your monitoring sent, deduplicated. Repeats of the same alert (same dedup key) count as events on one alert."
        meta={<LiveIndicator />}
      />
      <div className="filter-bar">
        <div className="toolbar">
          <SearchBox
            label="Search alerts by summary"
            placeholder="Search summaries…"
            initial={filters.q}
            onSearch={(q) => set({ q })}
          />
          <label className="inline-select">
            <span>Service</span>
            <select value={filters.service} onChange={(e) => set({ service: e.target.value })}>
              <option value="">All services</option>
              {(services.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-select">
            <span>Paging</span>
            <select
              value={filters.suppressed}
              onChange={(e) => set({ suppressed: e.target.value as AlertFilters['suppressed'] })}
            >
              <option value="">Paged or not</option>
              <option value="false">Paged</option>
              <option value="true">Not paged</option>
            </select>
          </label>
          <div className="chip-group" role="group" aria-label="Status">
            {alertStatuses.map((s) => {
              const on = filters.statuses.includes(s);
              return (
                <button
                  key={s}
                  type="button"
                  className={`filter-chip filter-chip-${s}`}
                  aria-pressed={on}
                  onClick={() =>
                    set({ statuses: on ? filters.statuses.filter((x) => x !== s) : [...filters.statuses, s] })
                  }
                >
                  <span className="filter-chip-check" aria-hidden="true">
                    {on ? '✓' : ''}
                  </span>
                  {statusWords[s]}
                </button>
              );
            })}
          </div>
        </div>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        narrowed ? (
          <EmptyState
            title="No alerts match"
            action={<Button onClick={() => navigate('/alerts', { replace: true })}>Clear filters</Button>}
          >
            Try another search, service or status.
          </EmptyState>
        ) : (
          <EmptyState
            title="No alerts yet"
            action={
              <Link to="/services" className="btn btn-secondary btn-md">
                Go to Services
              </Link>
            }
          >
            Alerts arrive through a service’s integrations. Send a test event: open a service, copy the
            example from its integration and run it.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table alert-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Summary</th>
                <th scope="col">Service</th>
                <th scope="col">Severity</th>
                <th scope="col">Dedup key</th>
                <th scope="col" className="num">
                  Events
                </th>
                <th scope="col">Last event</th>
                <th scope="col">Incident</th>
              </tr>
            </thead>
            <tbody aria-busy={list.isPlaceholder || undefined}>
              {list.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <span className="badge-list">
                      <StatusBadge status={a.status} />
                      <SuppressionBadge alert={a} />
                    </span>
                  </td>
                  <td className="cell-title">
                    <Link to={`/alerts/${a.id}`} className="row-link">
                      {a.summary}
                    </Link>
                    {a.source ? <div className="muted small">{a.source}</div> : null}
                  </td>
                  <td className="cell-service">
                    <Link to={`/services/${a.serviceId}`}>{serviceName(a.serviceId)}</Link>
                  </td>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td className="mono-soft cell-key">{a.dedupKey}</td>
                  <td className="num">{a.eventCount.toLocaleString()}</td>
                  <td className="nowrap">
                    <RelativeTime iso={a.lastEventAt} now={now} />
                  </td>
                  <td className="nowrap">
                    {a.incidentId ? (
                      <Link to={`/incidents/${a.incidentId}`} aria-label={`Incident for ${a.summary}`}>
                        View incident
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ListFooter
        shown={list.items.length}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="alerts"
      />
    </>
  );
}
