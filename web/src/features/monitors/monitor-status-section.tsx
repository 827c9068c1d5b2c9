import { formatDateTime } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import { CopyField } from '../../components/copy-field.js';
import { RelativeTime } from '../../components/relative-time.js';
import { formatInterval, formatLatency, type Monitor } from './monitors.api.js';

/** The monitor now: last check, its latency and message, how it is checked. */
export function MonitorStatusSection({ monitor: m }: { monitor: Monitor }) {
  const now = useNow();
  const pushed = m.type === 'heartbeat';
  const grace = typeof m.config.graceSeconds === 'number' ? m.config.graceSeconds : null;
  const rows: [string, React.ReactNode][] = [
    ['State since', <RelativeTime key="s" iso={m.stateChangedAt} now={now} />],
    [
      pushed ? 'Last ping' : 'Last check',
      m.lastCheckAt ? <RelativeTime key="l" iso={m.lastCheckAt} now={now} /> : 'Not yet',
    ],
    [pushed ? 'Last run time' : 'Last latency', formatLatency(m.lastLatencyMs)],
    ['Last message', m.lastMessage || '—'],
    [pushed ? 'Late after' : 'Next check', m.paused ? 'Paused' : formatDateTime(m.nextCheckAt)],
    [
      'Checked',
      pushed
        ? `by pings${grace === null ? '' : `, ${grace} s grace`}, down after ${m.retries + 1} missed ping${m.retries ? 's' : ''}`
        : `${formatInterval(m.intervalSeconds)}, timeout ${formatLatency(m.timeoutMs)}, down after ${m.retries + 1} failed check${m.retries ? 's' : ''} in a row`,
    ],
    ['Degraded above', m.degradedAboveMs === null ? '—' : formatLatency(m.degradedAboveMs)],
    ['Upside down', m.inverted ? 'Yes: up when the check fails' : 'No'],
    ['Failed in a row', String(m.failures)],
  ];
  return (
    <section className="card monitor-section" aria-labelledby="status-h">
      <h2 id="status-h">Status</h2>
      <table className="kv-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Secret URLs: the heartbeat a job calls, and the status badge to embed. */
export function MonitorUrlsSection({ monitor: m }: { monitor: Monitor }) {
  const origin = window.location.origin;
  return (
    <section className="card monitor-section" aria-labelledby="urls-h">
      <h2 id="urls-h">URLs</h2>
      <div className="form">
        {m.type === 'heartbeat' ? (
          m.heartbeatPath ? (
            <CopyField
              label="Heartbeat URL"
              value={`${origin}${m.heartbeatPath}`}
              hint="Your job calls it (GET or POST) when it succeeds; add /start before and /fail on failure."
            />
          ) : (
            <p className="muted">This Keel server does not give out the heartbeat URL yet.</p>
          )
        ) : null}
        <CopyField
          label="Status badge (SVG)"
          value={`${origin}${m.badgePath}`}
          hint="Anyone with this link sees the monitor's status; share it only where that is fine."
        />
      </div>
    </section>
  );
}
