import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { errorMessage } from '../../lib/api.js';
import { teamRoles, type TeamDetail, type TeamRole } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { Badge, SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { teamsApi, teamsKey } from './teams.api.js';

const roleLabel: Record<TeamRole, string> = { member: 'Member', manager: 'Manager' };

/** The member table; admins change a member's team role or remove them in place. */
export function TeamMembers({ team, editable }: { team: TeamDetail; editable: boolean }) {
  const client = useQueryClient();
  const refresh = (): void => void client.invalidateQueries({ queryKey: [teamsKey] });
  const setRole = useMutation({
    mutationFn: (v: { userId: string; role: TeamRole }) => teamsApi.setMember(team.id, v.userId, v.role),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => teamsApi.removeMember(team.id, userId),
    onSuccess: refresh,
  });
  const failed = setRole.error ?? remove.error;

  return (
    <section className="card" aria-labelledby="team-members">
      <h2 id="team-members">Members</h2>
      {failed ? <Alert tone="error">{errorMessage(failed)}</Alert> : null}
      {team.members.length === 0 ? (
        <EmptyState title="No members yet">
          {editable
            ? 'Find people below and add them. Managers can later run the team’s schedules.'
            : 'An owner or admin adds members.'}
        </EmptyState>
      ) : (
        <table className="table table-flush">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Team role</th>
              {editable ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {team.members.map(({ user, role }) => (
              <tr key={user.id}>
                <td>
                  <Link to={`/settings/users/${user.id}`} className="row-link">
                    {user.name}
                  </Link>{' '}
                  <SampleBadge show={user.isSample} />
                </td>
                <td className="mono-soft">{user.email}</td>
                <td>
                  {editable ? (
                    <select
                      aria-label={`Team role for ${user.name}`}
                      value={role}
                      disabled={setRole.isPending && setRole.variables.userId === user.id}
                      onChange={(e) => setRole.mutate({ userId: user.id, role: e.target.value as TeamRole })}
                    >
                      {teamRoles.map((r) => (
                        <option key={r} value={r}>
                          {roleLabel[r]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <Badge tone={role === 'manager' ? 'info' : 'neutral'}>{roleLabel[role]}</Badge>
                  )}
                </td>
                {editable ? (
                  <td className="cell-actions">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove ${user.name} from ${team.name}`}
                      pending={remove.isPending && remove.variables === user.id}
                      pendingLabel="Removing…"
                      onClick={() => remove.mutate(user.id)}
                    >
                      Remove
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
