import { Fragment, useState } from 'react';
import { Link } from '../../app/router.js';
import { Badge } from '../../components/badge.js';
import { RelativeTime } from '../../components/relative-time.js';
import { channelLabel } from '../contact-methods/channel-fields.js';
import { latencyText, statusLabels, statusTones, type Notification } from './deliveries.api.js';

/** Each attempt: when, the outcome, the status code, how long it took and the error. */
function AttemptList({ n }: { n: Notification }) {
  if (n.attemptLog.length === 0)
    return <p className="muted small">No attempt yet; due {new Date(n.dueAt).toLocaleString()}.</p>;
  return (
    <ol className="attempt-list" aria-label="Attempts">
      {n.attemptLog.map((a) => (
        <li key={a.attempt}>
          <RelativeTime iso={a.at} /> — {a.ok ? 'delivered' : <span className="text-bad">failed</span>}
          {a.statusCode !== null ? ` · status ${a.statusCode}` : ''} · {a.latencyMs} ms
          {a.error ? <span className="text-bad"> · {a.error}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * Notifications with their status, channel, target, attempts and latency. Failures are
 * highlighted and show their last error; a row opens to list every attempt.
 */
export function DeliveryTable({
  items,
  now,
  showIncident = true,
  label,
}: {
  items: Notification[];
  now: number;
  showIncident?: boolean;
  label: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const cols = showIncident ? 8 : 7;
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Person</th>
            <th scope="col">Channel</th>
            {showIncident ? <th scope="col">Incident</th> : null}
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {items.map((n) => (
            <Fragment key={n.id}>
              <tr
                className={n.status === 'failed' ? 'row-failed' : undefined}
                data-notification={n.id}
                data-status={n.status}
              >
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={open === n.id}
                    aria-label={`${statusLabels[n.status]}: show attempts`}
                    onClick={() => setOpen(open === n.id ? null : n.id)}
                  >
                    <Badge tone={statusTones[n.status]}>{statusLabels[n.status]}</Badge>
                  </button>
                </td>
                <td>{n.user.name ?? 'Removed user'}</td>
                <td>
                  {channelLabel(n.channelType)} <span className="mono-soft small">{n.target}</span>
                  {n.status === 'failed' && n.lastError ? (
                    <div className="text-bad small">{n.lastError}</div>
                  ) : null}
                </td>
                {showIncident ? (
                  <td>
                    {n.incidentId ? (
                      <Link to={`/incidents/${n.incidentId}`}>Open</Link>
                    ) : (
                      <span className="muted">Test</span>
                    )}
                  </td>
                ) : null}
                <td>
                  {n.kind} · {n.urgency}
                </td>
                <td className="num">{n.attempts}</td>
                <td className="num">{latencyText(n)}</td>
                <td className="nowrap">
                  <RelativeTime iso={n.finishedAt ?? n.createdAt} now={now} />
                </td>
              </tr>
              {open === n.id ? (
                <tr className="row-detail">
                  <td colSpan={cols}>
                    <AttemptList n={n} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
