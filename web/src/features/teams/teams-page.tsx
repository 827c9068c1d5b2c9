import { useState } from 'react';
import { Link } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import type { Team } from '../../lib/types.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { TeamCreateDialog } from './team-create-dialog.js';
import { teamsKey } from './teams.api.js';

/** Settings → Teams: groups of people that own services, schedules and incidents. */
export function TeamsPage() {
  const me = useMe();
  const admin = canManage(me.role);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = usePagedList<Team>(teamsKey, '/api/v1/teams', { q });
  const add = admin ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      Create team
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Teams"
        description="Groups of people who own services and share on-call."
        meta={
          list.total !== undefined
            ? `${list.total.toLocaleString()} ${list.total === 1 ? 'team' : 'teams'}`
            : null
        }
        actions={add}
      />
      <div className="toolbar">
        <SearchBox label="Search teams by name" placeholder="Search teams…" onSearch={setQ} />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        q ? (
          <EmptyState title="No teams match">Try another name, or clear the search.</EmptyState>
        ) : (
          <EmptyState title="No teams yet" action={add}>
            {admin
              ? 'Create a team for each group that is on call together, then add its members.'
              : 'An owner or admin creates teams. Ask one to add you to yours.'}
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Members
                </th>
              </tr>
            </thead>
            <tbody aria-busy={list.isPlaceholder || undefined}>
              {list.items.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link to={`/settings/teams/${t.id}`} className="row-link">
                      {t.name}
                    </Link>{' '}
                    <SampleBadge show={t.isSample} />
                  </td>
                  <td className="muted clamp">{t.description || '—'}</td>
                  <td className="num">{t.memberCount}</td>
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
        noun="teams"
      />
      <TeamCreateDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
