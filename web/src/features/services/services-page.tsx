import { useState } from 'react';
import { Link } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import type { Service } from '../../lib/types.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { NoPolicyBanner } from '../escalation-policies/no-policy-banner.js';
import { ServiceFormDialog } from './service-form-dialog.js';
import { servicesKey, teamName, useTeams } from './services.api.js';

/** Services: the things that break and get paged for, searched and paged on the server. */
export function ServicesPage() {
  const me = useMe();
  const editor = canRespond(me.role);
  const [q, setQ] = useState('');
  const [team, setTeam] = useState('');
  const [creating, setCreating] = useState(false);
  const teams = useTeams();
  const list = usePagedList<Service>(servicesKey, '/api/v1/services', { q, team });
  const filtered = q !== '' || team !== '';
  const add = editor ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      New service
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Services"
        description="What your teams run and get paged for. Alerts arrive at a service through its integrations."
        meta={
          list.total !== undefined
            ? `${list.total.toLocaleString()} ${list.total === 1 ? 'service' : 'services'}`
            : null
        }
        actions={add}
      />
      <NoPolicyBanner />
      <div className="toolbar">
        <SearchBox label="Search services by name" placeholder="Search services…" onSearch={setQ} />
        <label className="inline-select">
          <span>Owner team</span>
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {list.isFetching && !list.isPending && !list.isLoadingMore ? (
          <span className="muted small">Updating…</span>
        ) : null}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No services match">
            Try another name or owner team, or clear the search.
          </EmptyState>
        ) : (
          <EmptyState title="No services yet" action={add}>
            {editor
              ? 'Create a service for each thing your teams run — an API, a database, a payment flow. Then add an integration so your monitoring can send it alerts.'
              : 'A responder, admin or owner creates services. They will show up here.'}
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Owner team</th>
                <th scope="col">Tier</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody aria-busy={list.isPlaceholder || undefined}>
              {list.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/services/${s.id}`} className="row-link">
                      {s.name}
                    </Link>{' '}
                    <SampleBadge show={s.isSample} />
                    {s.description ? <div className="muted small clamp">{s.description}</div> : null}
                  </td>
                  <td>{teamName(teams.data, s.ownerTeamId) ?? <span className="muted">No team</span>}</td>
                  <td>{s.tier ? `Tier ${s.tier}` : <span className="muted">—</span>}</td>
                  <td className="nowrap">
                    <time dateTime={s.updatedAt} title={formatDateTime(s.updatedAt)}>
                      {formatDate(s.updatedAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ListFooter
        shown={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="services"
      />
      <ServiceFormDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
