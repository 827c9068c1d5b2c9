import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { api } from '../../lib/api.js';
import { formatRelative } from '../../lib/format.js';
import { Badge } from '../../components/badge.js';
import type { Alert, Suppression } from './alerts.api.js';

const badgeWords: Record<Suppression['kind'], string> = {
  silence: 'Silenced',
  maintenance: 'In maintenance',
  rule: 'Suppressed',
};

/** A short mark on an alert that did not page: why, in a word; the name on hover. */
export function SuppressionBadge({
  alert,
}: {
  alert: Pick<Alert, 'suppressed' | 'suppression' | 'flapping'>;
}) {
  const s = alert.suppression;
  return (
    <>
      {alert.suppressed ? (
        <Badge tone="sample" title={s ? `${badgeWords[s.kind]}: ${s.name}` : 'Not paged'}>
          {s ? badgeWords[s.kind] : 'Not paged'}
        </Badge>
      ) : null}
      {alert.flapping ? (
        <Badge tone="warn" title="Changing state too often; paging paused until it settles">
          Flapping
        </Badge>
      ) : null}
    </>
  );
}

function SilenceReason({ s }: { s: Suppression }) {
  // The silence may have ended since; say so, and link to the tab it is in now.
  const silence = useQuery({
    queryKey: ['silences', 'detail', s.id],
    queryFn: () =>
      api<{ state: string; endsAt: string; comment: string }>(`/api/v1/silences/${encodeURIComponent(s.id)}`),
  });
  const state = silence.data?.state ?? 'active';
  const href = state === 'active' ? '/silences' : `/silences?state=${state}`;
  return (
    <>
      Silenced by <Link to={href}>{s.name ? `“${s.name}”` : 'a silence'}</Link>
      {silence.data
        ? state === 'expired'
          ? ' (since expired).'
          : ` (ends ${formatRelative(silence.data.endsAt)}).`
        : '.'}
    </>
  );
}

function Reason({ s }: { s: Suppression }) {
  switch (s.kind) {
    case 'silence':
      return <SilenceReason s={s} />;
    case 'maintenance':
      return (
        <>
          In maintenance: <Link to="/maintenance">{s.name}</Link>.
        </>
      );
    case 'rule':
      return (
        <>
          Suppressed by routing rule <Link to="/routing-rules">{s.name}</Link>.
        </>
      );
    default: {
      const never: never = s.kind;
      return <>{String(never)}</>;
    }
  }
}

/** On an alert's page: why it paged nobody, and which routing rules shaped it. */
export function WhyNotPaged({ alert }: { alert: Alert }) {
  if (!alert.suppressed && !alert.flapping && alert.routedBy.length === 0) return null;
  return (
    <section className="card" aria-labelledby="alert-paging">
      <h2 id="alert-paging">Paging</h2>
      <ul className="plain-list why-list">
        {alert.suppressed && alert.suppression ? (
          <li>
            <strong>Not paged.</strong> <Reason s={alert.suppression} />
          </li>
        ) : alert.suppressed ? (
          <li>
            <strong>Not paged.</strong>
          </li>
        ) : null}
        {alert.flapping ? (
          <li>
            <strong>Flapping.</strong> It changed state too often, so Keel stopped paging for it until it
            settles.
          </li>
        ) : null}
        {alert.routedBy.length > 0 ? (
          <li>
            Routing rules applied:{' '}
            {alert.routedBy.map((r, i) => (
              <span key={r.ruleId}>
                {i > 0 ? ', ' : ''}
                <Link to="/routing-rules">{r.name}</Link>
              </span>
            ))}
            .
          </li>
        ) : null}
      </ul>
    </section>
  );
}
