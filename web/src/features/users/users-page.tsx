import { useState } from 'react';
import { Link } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { formatDate, roleLabels } from '../../lib/format.js';
import { roles, type User } from '../../lib/types.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Badge, RoleBadge, SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { UserCreateDialog } from './user-create-dialog.js';
import { usersKey } from './users.api.js';

/** Settings → Users: everyone who can sign in, searched and paged on the server. */
export function UsersPage() {
  const me = useMe();
  const admin = canManage(me.role);
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [creating, setCreating] = useState(false);
  const list = usePagedList<User>(usersKey, '/api/v1/users', { q, role });
  const filtered = q !== '' || role !== '';

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to Keel, and what their role lets them do."
        meta={
          list.total !== undefined
            ? `${list.total.toLocaleString()} ${list.total === 1 ? 'user' : 'users'}`
            : null
        }
        actions={
          admin ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              Add user
            </Button>
          ) : null
        }
      />
      <div className="toolbar">
        <SearchBox
          label="Search users by name or email"
          placeholder="Search name or email…"
          onSearch={setQ}
        />
        <label className="inline-select">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">All roles</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
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
          <EmptyState title="No users match">
            Try a different name, email or role, or clear the search.
          </EmptyState>
        ) : (
          <EmptyState
            title="No users yet"
            action={admin ? <Button onClick={() => setCreating(true)}>Add user</Button> : null}
          >
            Add the people who respond to incidents or follow them. Without a password, Keel gives you an
            invite link to send.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody aria-busy={list.isPlaceholder || undefined}>
              {list.items.map((u) => (
                <tr key={u.id} className={u.disabled ? 'row-muted' : undefined}>
                  <td>
                    <Link to={`/settings/users/${u.id}`} className="row-link">
                      {u.name}
                    </Link>{' '}
                    {u.id === me.id ? <Badge>You</Badge> : null} <SampleBadge show={u.isSample} />{' '}
                    {u.disabled ? <Badge tone="warn">Disabled</Badge> : null}
                  </td>
                  <td className="mono-soft">{u.email}</td>
                  <td>
                    <RoleBadge role={u.role} />
                  </td>
                  <td>
                    {u.totpEnabled ? <Badge tone="good">On</Badge> : <span className="muted">Off</span>}
                  </td>
                  <td className="nowrap">{formatDate(u.createdAt)}</td>
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
        noun="users"
      />
      <UserCreateDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
