import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { api, withQuery } from '../../lib/api.js';
import { roleLabels } from '../../lib/format.js';
import type { Page, Service, Team, User } from '../../lib/types.js';
import { PageHeader } from '../../components/page-header.js';
import { apiKeysApi, apiKeysKey, keyStatus } from '../api-keys/api-keys.api.js';
import { OnCallNowCard } from '../schedules/oncall-now-card.js';
import { SampleDataPanel } from './sample-data.js';

function Count({
  label,
  value,
  to,
  hint,
}: {
  label: string;
  value: number | undefined;
  to: string;
  hint: string;
}) {
  return (
    <Link to={to} className="stat-card">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value === undefined ? '—' : value.toLocaleString()}</span>
      <span className="stat-hint">{hint}</span>
    </Link>
  );
}

/** The overview: who you are, how much is set up, and what to do next. */
export function HomePage() {
  const me = useMe();
  const users = useQuery({
    queryKey: ['users', 'count'],
    queryFn: () => api<Page<User>>(withQuery('/api/v1/users', { limit: 1 })),
  });
  const teams = useQuery({
    queryKey: ['teams', 'count'],
    queryFn: () => api<Page<Team>>(withQuery('/api/v1/teams', { limit: 1 })),
  });
  const services = useQuery({
    queryKey: ['services', 'count'],
    queryFn: () => api<Page<Service>>(withQuery('/api/v1/services', { limit: 1 })),
  });
  const keys = useQuery({ queryKey: [apiKeysKey], queryFn: apiKeysApi.list });
  const open = useQuery({
    queryKey: ['incidents', 'count', 'open'],
    queryFn: () =>
      api<Page<unknown>>(withQuery('/api/v1/incidents', { status: 'triggered,acknowledged', limit: 1 })),
  });
  const activeKeys = keys.data?.items.filter((k) => keyStatus(k) === 'active').length;
  const first = me.name.split(/\s+/)[0] ?? me.name;

  return (
    <>
      <PageHeader
        title="Home"
        description={
          <>
            Signed in as <strong>{me.name}</strong> ({me.email}) · {roleLabels[me.role] ?? me.role} ·{' '}
            {me.timeZone}
          </>
        }
      />
      <SampleDataPanel />
      <p className="lead">Welcome, {first}. Here is what is set up so far.</p>
      <div className="stat-grid">
        <Count
          label="Open incidents"
          value={open.data?.total ?? open.data?.items.length}
          to="/incidents"
          hint="Triggered or acknowledged"
        />
        <Count
          label="Users"
          value={users.data?.total ?? users.data?.items.length}
          to="/settings/users"
          hint="People who can sign in"
        />
        <Count
          label="Teams"
          value={teams.data?.total ?? teams.data?.items.length}
          to="/settings/teams"
          hint="Groups that share on-call"
        />
        <Count
          label="Services"
          value={services.data?.total ?? services.data?.items.length}
          to="/services"
          hint="What your teams run"
        />
        <Count label="API keys" value={activeKeys} to="/settings/api-keys" hint="Your active keys" />
      </div>
      <OnCallNowCard />
      <section className="card" aria-labelledby="next-steps">
        <h2 id="next-steps">Next steps</h2>
        <ul className="checklist">
          {canManage(me.role) ? (
            <>
              <li>
                <Link to="/settings/users">Add the people</Link> who respond to incidents, with a role for
                each.
              </li>
              <li>
                <Link to="/settings/teams">Create teams</Link> and add members, so work has an owner.
              </li>
              <li>
                <Link to="/services">Add your services</Link> and an integration for each, so monitoring can
                send them alerts.
              </li>
              <li>
                <Link to="/settings/audit">Check the audit log</Link> to see every change made so far.
              </li>
            </>
          ) : null}
          <li>
            <Link to="/account">Turn on two-factor authentication</Link> for your account.
          </li>
          <li>
            <Link to="/settings/api-keys">Create an API key</Link> and read the{' '}
            <Link to="/api-reference">API reference</Link> to automate Keel.
          </li>
        </ul>
      </section>
    </>
  );
}
