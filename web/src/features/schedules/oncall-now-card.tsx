import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { formatDateTime } from '../../lib/format.js';
import { Badge } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { iso, oncallNowKey, schedulesApi } from './schedules.api.js';

/** Home: who is on call right now in every schedule, and until when. */
export function OnCallNowCard() {
  const me = useMe();
  const now = useQuery({ queryKey: oncallNowKey, queryFn: schedulesApi.now, refetchInterval: 60_000 });
  return (
    <section className="card" aria-labelledby="oncall-now">
      <div className="card-header">
        <h2 id="oncall-now">Who is on call now</h2>
        <Link to="/schedules">All schedules</Link>
      </div>
      {now.isPending ? (
        <Loading />
      ) : now.isError ? (
        <LoadError error={now.error} onRetry={() => void now.refetch()} />
      ) : now.data.items.length === 0 ? (
        <EmptyState
          title="No on-call schedules yet"
          action={canManage(me.role) ? <Link to="/schedules">Create a schedule</Link> : null}
        >
          {canManage(me.role)
            ? 'Create a schedule in Schedules: the people who take turns, how often they hand off and from when. Then an escalation policy can page whoever is on call.'
            : 'An owner or admin creates schedules in Schedules; once one exists, who is on call shows here.'}
        </EmptyState>
      ) : (
        <ul className="plain-list oncall-list" aria-label="On call now">
          {now.data.items.map((i) => (
            <li key={i.schedule.id} className="span-item" data-schedule={i.schedule.id}>
              <span>
                <Link to={`/schedules/${i.schedule.id}`}>{i.schedule.name}</Link>
              </span>
              <span>
                {i.user ? <strong>{i.user.name}</strong> : <strong className="text-bad">Nobody</strong>}
                {i.user?.id === me.id ? (
                  <>
                    {' '}
                    <Badge tone="info">You</Badge>
                  </>
                ) : null}
                {i.until ? <span className="muted small"> until {formatDateTime(iso(i.until))}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
