import { Fragment, useState } from 'react';
import { Link } from '../../app/router.js';
import { Badge } from '../../components/badge.js';
import { ListFooter } from '../../components/list-footer.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useNow } from '../../lib/use-now.js';
import { statusLabels, statusTones } from '../deliveries/deliveries.api.js';
import { webhookDeliveriesKey, type WebhookDelivery } from './webhooks.api.js';

/**
 * One subscription's recent deliveries (`GET /api/v1/webhook-subscriptions/:id/deliveries`),
 * newest first: event, status, attempts and the last status code or error; failures are tinted
 * and counted, and a row opens to every attempt.
 */
export function WebhookDeliveries({ subscriptionId, url }: { subscriptionId: string; url: string }) {
  const now = useNow();
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedList<WebhookDelivery>(
    webhookDeliveriesKey(subscriptionId),
    `/api/v1/webhook-subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`,
    {},
    5,
    { refetchInterval: 30_000 },
  );
  if (list.isPending) return <Loading />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0)
    return <p className="muted small">No deliveries yet. Events and test pings appear here.</p>;
  const failed = list.items.filter((d) => d.status === 'failed').length;
  return (
    <section aria-label={`Recent deliveries to ${url}`}>
      <h3 className="small">
        Recent deliveries
        {failed > 0 ? (
          <>
            {' '}
            <Badge tone="bad">{failed} failed</Badge>
          </>
        ) : null}
      </h3>
      <div className="table-wrap">
        <table className="table table-compact" aria-label="Deliveries">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Event</th>
              <th scope="col">Incident</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Last answer</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <Fragment key={d.id}>
                <tr
                  className={d.status === 'failed' ? 'row-failed' : undefined}
                  data-delivery={d.id}
                  data-status={d.status}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={open === d.id}
                      aria-label={`${statusLabels[d.status]} ${d.event}: show attempts`}
                      onClick={() => setOpen(open === d.id ? null : d.id)}
                    >
                      <Badge tone={statusTones[d.status]}>{statusLabels[d.status]}</Badge>
                    </button>
                  </td>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>
                    {d.incidentId ? (
                      <Link to={`/incidents/${d.incidentId}`}>Open</Link>
                    ) : (
                      <span className="muted">Test</span>
                    )}
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    {d.lastStatusCode !== null ? `status ${d.lastStatusCode}` : '—'}
                    {d.lastError ? <div className="text-bad small">{d.lastError}</div> : null}
                  </td>
                  <td className="nowrap">
                    <RelativeTime iso={d.finishedAt ?? d.createdAt} now={now} />
                  </td>
                </tr>
                {open === d.id ? (
                  <tr className="row-detail">
                    <td colSpan={6}>
                      {d.attemptLog.length === 0 ? (
                        <p className="muted small">No attempt yet.</p>
                      ) : (
                        <ol className="attempt-list" aria-label="Attempts">
                          {d.attemptLog.map((a) => (
                            <li key={a.attempt}>
                              <RelativeTime iso={a.at} now={now} /> —{' '}
                              {a.ok ? 'delivered' : <span className="text-bad">failed</span>}
                              {a.statusCode !== null ? ` · status ${a.statusCode}` : ''} · {a.latencyMs} ms
                              {a.error ? <span className="text-bad"> · {a.error}</span> : null}
                            </li>
                          ))}
                        </ol>
                      )}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter
        shown={list.items.length}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="deliveries"
      />
    </section>
  );
}
