import { Link } from '../../app/router.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { useAllSchedules } from './schedules.api.js';

/** On a team's page: the schedules that belong to the team. */
export function TeamSchedules({ teamId }: { teamId: string }) {
  const schedules = useAllSchedules();
  const mine = (schedules.data ?? []).filter((s) => s.teamId === teamId);
  return (
    <section className="card" aria-labelledby="team-schedules">
      <h2 id="team-schedules">On-call schedules</h2>
      {schedules.isPending ? (
        <Loading />
      ) : schedules.isError ? (
        <LoadError error={schedules.error} onRetry={() => void schedules.refetch()} />
      ) : mine.length === 0 ? (
        <p className="muted small">
          No schedule belongs to this team. Pick the team when you create or edit a schedule in{' '}
          <Link to="/schedules">Schedules</Link>.
        </p>
      ) : (
        <ul className="plain-list span-list" aria-label="Team schedules">
          {mine.map((s) => (
            <li key={s.id} className="span-item">
              <Link to={`/schedules/${s.id}`}>{s.name}</Link>
              <span className="mono-soft small">{s.timeZone}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
