import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, navigate } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { api } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { safeHref } from '../../lib/markdown.js';
import { useLivePollMs } from '../../lib/live.js';
import { useNow } from '../../lib/use-now.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { SeverityBadge, StatusBadge } from '../../components/status-badge.js';
import { useAllServices } from '../services/services.api.js';
import { SilenceFormDialog, type SilencePrefill } from '../silences/silence-form-dialog.js';
import { SuppressionBadge, WhyNotPaged } from './alert-suppression.js';
import { alertsApi, alertsKey, outcomeLabels, prettyPayload, type AlertDetail } from './alerts.api.js';

/** A detail value: text as it is, anything else as compact JSON. */
function value(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function IncidentRef({ id }: { id: string }) {
  // The incidents module owns the full shape; here only the number and title are needed.
  const incident = useQuery({
    queryKey: ['incidents', 'detail', id],
    queryFn: () =>
      api<{ number: number; title: string; status: string }>(`/api/v1/incidents/${encodeURIComponent(id)}`),
  });
  if (!incident.data) return <Link to={`/incidents/${id}`}>Open the incident</Link>;
  return (
    <>
      <Link to={`/incidents/${incident.data.number}`}>
        #{incident.data.number} {incident.data.title}
      </Link>{' '}
      <StatusBadge status={incident.data.status} />
    </>
  );
}

function Events({ alert, now }: { alert: AlertDetail; now: number }) {
  if (alert.events.length === 0)
    return (
      <EmptyState title="No raw events kept">
        Keel keeps what senders sent for 7 days; older events have been removed.
      </EmptyState>
    );
  return (
    <ol className="event-list">
      {alert.events.map((e) => (
        <li key={e.id} className="event">
          <details>
            <summary>
              <span className="event-action">{e.action}</span>
              <span className="muted small">
                {outcomeLabels[e.outcome] ?? e.outcome} · {e.format} ·{' '}
                <RelativeTime iso={e.receivedAt} now={now} />
              </span>
            </summary>
            <pre
              className="code-block payload"
              tabIndex={0}
              aria-label={`Payload received ${formatDateTime(e.receivedAt)}`}
            >
              {prettyPayload(e.payload)}
            </pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

/** "Silence similar": the alert's labels as matchers (its severity when it has none), its service. */
function similarTo(a: AlertDetail): SilencePrefill {
  const labels = Object.entries(a.labels).map(([label, value]) => ({ label, op: '=' as const, value }));
  return {
    matchers: labels.length ? labels : [{ label: 'severity', op: '=', value: a.severity }],
    serviceId: a.serviceId,
  };
}

/**
 * One alert: what the sender said (labels, details, links), whether it paged and why not, the
 * incident, and the raw events. Responders can silence alerts like it from here.
 */
export function AlertDetailPage({ id }: { id: string }) {
  const now = useNow();
  const me = useMe();
  const services = useAllServices();
  const [silencing, setSilencing] = useState(false);
  const alert = useQuery({
    queryKey: [alertsKey, 'detail', id],
    queryFn: () => alertsApi.get(id),
    refetchInterval: useLivePollMs(),
  });
  const back = (
    <Link to="/alerts" className="back-link">
      ← Alerts
    </Link>
  );
  if (alert.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (alert.isError)
    return (
      <>
        {back}
        <LoadError error={alert.error} onRetry={() => void alert.refetch()} />
      </>
    );
  const a = alert.data;
  const service = services.data?.find((s) => s.id === a.serviceId);
  const labels = Object.entries(a.labels);
  const details = Object.entries(a.details);
  const links = a.links.map((l) => ({ ...l, safe: safeHref(l.href) }));

  return (
    <>
      {back}
      <PageHeader
        title={a.summary}
        meta={
          <>
            <StatusBadge status={a.status} />
            <SeverityBadge severity={a.severity} />
            <SuppressionBadge alert={a} />
            <span>
              Service: <Link to={`/services/${a.serviceId}`}>{service?.name ?? 'the service'}</Link>
            </span>
          </>
        }
        actions={
          canRespond(me.role) ? <Button onClick={() => setSilencing(true)}>Silence similar</Button> : null
        }
      />
      {silencing ? (
        <SilenceFormDialog
          open
          prefill={similarTo(a)}
          onClose={() => setSilencing(false)}
          onCreated={() => navigate('/silences')}
        />
      ) : null}
      <div className="incident-layout">
        <div className="stack">
          <WhyNotPaged alert={a} />
          <section className="card" aria-label="Alert facts">
            <dl className="facts">
              <div className="fact-wide">
                <dt>Incident</dt>
                <dd>
                  {a.incidentId ? <IncidentRef id={a.incidentId} /> : <span className="muted">None</span>}
                </dd>
              </div>
              <div>
                <dt>Dedup key</dt>
                <dd className="mono-soft break">{a.dedupKey}</dd>
              </div>
              <div>
                <dt>Source</dt>
                <dd>{a.source ?? <span className="muted">Not given</span>}</dd>
              </div>
              <div>
                <dt>Events</dt>
                <dd>{a.eventCount.toLocaleString()}</dd>
              </div>
            </dl>
            <dl className="facts facts-times">
              <div>
                <dt>First seen</dt>
                <dd>{formatDateTime(a.createdAt)}</dd>
              </div>
              <div>
                <dt>Last event</dt>
                <dd>
                  <RelativeTime iso={a.lastEventAt} now={now} />
                </dd>
              </div>
              <div>
                <dt>Acknowledged</dt>
                <dd>{formatDateTime(a.acknowledgedAt)}</dd>
              </div>
              <div>
                <dt>Resolved</dt>
                <dd>{formatDateTime(a.resolvedAt)}</dd>
              </div>
            </dl>
          </section>
          <section className="card" aria-labelledby="alert-events">
            <h2 id="alert-events">Raw events</h2>
            <p className="muted small">
              What the sender sent, newest first (the latest 50, kept 7 days). Open one to see its payload.
            </p>
            <Events alert={a} now={now} />
          </section>
        </div>
        <div className="stack">
          <section className="card" aria-labelledby="alert-labels">
            <h2 id="alert-labels">Labels</h2>
            {labels.length === 0 ? (
              <p className="muted small">The sender gave no labels.</p>
            ) : (
              <ul className="chip-list" aria-label="Labels">
                {labels.map(([k, v]) => (
                  <li key={k} className="chip label-chip">
                    <span className="label-key">{k}</span>
                    <span className="label-value">{v}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="alert-details">
            <h2 id="alert-details">Details</h2>
            {details.length === 0 ? (
              <p className="muted small">The sender gave no details.</p>
            ) : (
              <div className="table-scroll">
                <table className="table table-flush table-compact kv-table">
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {details.map(([k, v]) => (
                      <tr key={k}>
                        <th scope="row" className="mono-soft">
                          {k}
                        </th>
                        <td className="break">{typeof v === 'string' ? v : <code>{value(v)}</code>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="alert-links">
            <h2 id="alert-links">Links</h2>
            {links.length === 0 ? (
              <p className="muted small">The sender gave no links.</p>
            ) : (
              <ul className="runbook-list">
                {links.map((l, n) => (
                  <li key={n}>
                    {l.safe ? (
                      <a href={l.safe} target="_blank" rel="noopener noreferrer nofollow">
                        {l.text || l.href}
                      </a>
                    ) : (
                      <span>{l.text || l.href}</span>
                    )}
                    {l.text ? <div className="mono-soft small break">{l.href}</div> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
