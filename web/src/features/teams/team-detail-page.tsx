import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, navigate } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { TeamSchedules } from '../schedules/team-schedules.js';
import { TeamAddMember } from './team-add-member.js';
import { TeamEditForm } from './team-edit-form.js';
import { TeamMembers } from './team-members.js';
import { teamsApi, teamsKey } from './teams.api.js';

/** One team: its details and members; owners and admins can edit, add, remove and delete. */
export function TeamDetailPage({ id }: { id: string }) {
  const me = useMe();
  const admin = canManage(me.role);
  const client = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const team = useQuery({ queryKey: [teamsKey, 'detail', id], queryFn: () => teamsApi.get(id) });
  const remove = useMutation({
    mutationFn: () => teamsApi.remove(id),
    onSuccess: () => {
      client.removeQueries({ queryKey: [teamsKey, 'detail', id] });
      void client.invalidateQueries({ queryKey: [teamsKey] });
      navigate('/settings/teams');
    },
  });
  const back = (
    <Link to="/settings/teams" className="back-link">
      ← Teams
    </Link>
  );

  if (team.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (team.isError)
    return (
      <>
        {back}
        <LoadError error={team.error} onRetry={() => void team.refetch()} />
      </>
    );
  const t = team.data;

  return (
    <>
      {back}
      <PageHeader
        title={t.name}
        meta={
          <>
            {t.members.length} {t.members.length === 1 ? 'member' : 'members'}{' '}
            <SampleBadge show={t.isSample} />
          </>
        }
        description={t.description || (admin ? 'No description yet.' : null)}
        actions={
          admin ? (
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete team
            </Button>
          ) : null
        }
      />
      <div className="stack">
        <TeamMembers team={t} editable={admin} />
        <TeamSchedules teamId={t.id} />
        {admin ? <TeamAddMember team={t} /> : null}
        {admin ? <TeamEditForm team={t} /> : null}
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${t.name}?`}
        confirmLabel="Delete team"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      >
        <p>The team and its memberships are removed. The people stay in Keel.</p>
      </ConfirmDialog>
    </>
  );
}
