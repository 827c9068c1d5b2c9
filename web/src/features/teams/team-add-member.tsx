import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, withQuery } from '../../lib/api.js';
import { teamRoles, type Page, type TeamDetail, type TeamRole, type User } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { SearchBox } from '../../components/search-box.js';
import { teamsApi, teamsKey } from './teams.api.js';

/** Finds people by name or email (on the server, so it scales) and adds them to the team. */
export function TeamAddMember({ team }: { team: TeamDetail }) {
  const client = useQueryClient();
  const roleId = useId();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const found = useQuery({
    queryKey: ['users', 'list', { q, limit: 8 }],
    queryFn: ({ signal }) => api<Page<User>>(withQuery('/api/v1/users', { q, limit: 8 }), { signal }),
    enabled: q.length > 0,
  });
  const add = useMutation({
    mutationFn: (userId: string) => teamsApi.setMember(team.id, userId, role),
    onSuccess: () => void client.invalidateQueries({ queryKey: [teamsKey] }),
  });
  const memberIds = new Set(team.members.map((m) => m.user.id));
  const candidates = (found.data?.items ?? []).filter((u) => !memberIds.has(u.id));

  return (
    <section className="card" aria-labelledby="team-add">
      <h2 id="team-add">Add members</h2>
      <div className="toolbar">
        <SearchBox
          label="Find people by name or email"
          placeholder="Find people by name or email…"
          onSearch={setQ}
        />
        <label className="inline-select" htmlFor={roleId}>
          <span>Add as</span>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {teamRoles.map((r) => (
              <option key={r} value={r}>
                {r === 'manager' ? 'Manager' : 'Member'}
              </option>
            ))}
          </select>
        </label>
      </div>
      {add.isError ? <Alert tone="error">{errorMessage(add.error)}</Alert> : null}
      {q === '' ? (
        <p className="muted small">Type a name or email to find people.</p>
      ) : found.isPending ? (
        <p className="muted small">Searching…</p>
      ) : found.isError ? (
        <Alert tone="error">{errorMessage(found.error)}</Alert>
      ) : candidates.length === 0 ? (
        <p className="muted small">
          {found.data.items.length > 0
            ? `Everyone matching “${q}” is already a member.`
            : `No one matches “${q}”. Add people first in Settings → Users.`}
        </p>
      ) : (
        <ul className="pick-list" aria-label="Matching people">
          {candidates.map((u) => (
            <li key={u.id}>
              <span>
                <strong>{u.name}</strong> <span className="mono-soft">{u.email}</span>{' '}
                <SampleBadge show={u.isSample} />
              </span>
              <Button
                size="sm"
                pending={add.isPending && add.variables === u.id}
                pendingLabel="Adding…"
                onClick={() => add.mutate(u.id)}
                aria-label={`Add ${u.name}`}
              >
                Add
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
