import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { formatDateTime, roleLabels } from '../../lib/format.js';
import { Badge, SampleBadge } from '../../components/badge.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { ContactMethodsSection } from '../contact-methods/contact-methods-section.js';
import { NotificationRulesSection } from '../contact-methods/notification-rules-section.js';
import { UserAccessSection } from './user-access-section.js';
import { UserEditForm } from './user-edit-form.js';
import { usersApi, usersKey } from './users.api.js';

/** One user: details for everyone; editing, access and deletion for owners and admins. */
export function UserDetailPage({ id }: { id: string }) {
  const me = useMe();
  const user = useQuery({ queryKey: [usersKey, 'detail', id], queryFn: () => usersApi.get(id) });
  const back = (
    <Link to="/settings/users" className="back-link">
      ← Users
    </Link>
  );

  if (user.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (user.isError)
    return (
      <>
        {back}
        <LoadError error={user.error} onRetry={() => void user.refetch()} />
      </>
    );
  const u = user.data;
  const editable = canManage(me.role) && (u.role !== 'owner' || me.role === 'owner');

  return (
    <>
      {back}
      <PageHeader
        title={u.name}
        meta={
          <>
            <span className="mono-soft">{u.email}</span> <SampleBadge show={u.isSample} />{' '}
            {u.disabled ? <Badge tone="warn">Disabled</Badge> : null}{' '}
            {u.id === me.id ? <Badge>You</Badge> : null}
          </>
        }
      />
      <div className="stack">
        {editable ? (
          <UserEditForm user={u} />
        ) : (
          <section className="card" aria-labelledby="user-details">
            <h2 id="user-details">Details</h2>
            <dl className="details">
              <dt>Role</dt>
              <dd>{roleLabels[u.role] ?? u.role}</dd>
              <dt>Time zone</dt>
              <dd>{u.timeZone}</dd>
            </dl>
          </section>
        )}
        <section className="card" aria-labelledby="user-meta">
          <h2 id="user-meta">Account</h2>
          <dl className="details">
            <dt>Two-factor</dt>
            <dd>{u.totpEnabled ? 'On' : 'Off'}</dd>
            <dt>Added</dt>
            <dd>{formatDateTime(u.createdAt)}</dd>
            <dt>Last changed</dt>
            <dd>{formatDateTime(u.updatedAt)}</dd>
          </dl>
        </section>
        {canManage(me.role) && u.id !== me.id ? (
          <>
            <ContactMethodsSection userId={u.id} name={u.name} />
            <NotificationRulesSection userId={u.id} />
          </>
        ) : null}
        {editable && u.id !== me.id ? <UserAccessSection user={u} /> : null}
      </div>
    </>
  );
}
