import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useMe } from '../../app/session.js';
import { api, errorMessage, withQuery } from '../../lib/api.js';
import type { Page, User } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { SearchBox } from '../../components/search-box.js';
import {
  incidentRoles,
  incidentsApi,
  roleNames,
  type IncidentDetail,
  type IncidentRole,
} from './incidents.api.js';
import { useIncidentAction } from './use-incident-action.js';
import { usePeople } from './use-people.js';

type Change = { assign: string[] } | { roles: Partial<Record<IncidentRole, string | null>> };
const shortRole: Record<IncidentRole, string> = {
  commander: 'Commander',
  communications: 'Comms',
  scribe: 'Scribe',
};

/**
 * Who works the incident: assignees, and the incident roles (commander, communications lead,
 * scribe). People are found by a search on the server, so this scales to any number of users.
 */
export function IncidentPeople({
  incident,
  routeId,
  editable,
}: {
  incident: IncidentDetail;
  routeId: string;
  editable: boolean;
}) {
  const me = useMe();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const roleHolders = incidentRoles.map((r) => incident.roles[r]);
  const people = usePeople([...incident.assignees, ...roleHolders]);
  const change = useIncidentAction(routeId, (c: Change) =>
    'assign' in c ? incidentsApi.assign(incident.id, c.assign) : incidentsApi.roles(incident.id, c.roles),
  );
  const found = useQuery({
    queryKey: ['users', 'list', { q, limit: 8 }],
    queryFn: ({ signal }) => api<Page<User>>(withQuery('/api/v1/users', { q, limit: 8 }), { signal }),
    enabled: adding && q.length > 0,
  });
  const assignees = incident.assignees;
  const pendingFor = (key: string): boolean => change.isPending && JSON.stringify(change.variables) === key;

  return (
    <section className="card" aria-labelledby="incident-people">
      <div className="card-header">
        <h2 id="incident-people">People</h2>
        {editable && !assignees.includes(me.id) ? (
          <Button
            size="sm"
            pending={pendingFor(JSON.stringify({ assign: [...assignees, me.id] }))}
            pendingLabel="Assigning…"
            onClick={() => change.mutate({ assign: [...assignees, me.id] })}
          >
            Assign to me
          </Button>
        ) : null}
      </div>
      <div>
        <h3 className="subheading">Assignees</h3>
        {assignees.length === 0 ? (
          <p className="muted small">
            Nobody is assigned.{editable ? ' Assign yourself or find people below.' : ''}
          </p>
        ) : (
          <ul className="chip-list" aria-label="Assignees">
            {assignees.map((id) => (
              <li key={id} className="chip">
                <span>{people.name(id)}</span>
                {editable ? (
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Unassign ${people.name(id)}`}
                    disabled={change.isPending}
                    onClick={() => change.mutate({ assign: assignees.filter((a) => a !== id) })}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3 className="subheading">Roles</h3>
        <dl className="details role-list">
          {incidentRoles.map((r) => {
            const holder = incident.roles[r];
            return (
              <div key={r} className="role-row">
                <dt>{roleNames[r]}</dt>
                <dd>
                  {holder ? people.name(holder) : <span className="muted">Not set</span>}
                  {holder && editable ? (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Clear ${roleNames[r].toLowerCase()}`}
                      disabled={change.isPending}
                      onClick={() => change.mutate({ roles: { [r]: null } })}
                    >
                      Clear
                    </button>
                  ) : null}
                </dd>
              </div>
            );
          })}
        </dl>
      </div>
      {change.isError ? <Alert tone="error">{errorMessage(change.error)}</Alert> : null}
      {editable ? (
        adding ? (
          <div className="form">
            <SearchBox
              label="Find people by name or email"
              placeholder="Find people by name or email…"
              onSearch={setQ}
            />
            {q === '' ? (
              <p className="muted small">Type a name or email.</p>
            ) : found.isPending ? (
              <p className="muted small">Searching…</p>
            ) : found.isError ? (
              <Alert tone="error">{errorMessage(found.error)}</Alert>
            ) : found.data.items.length === 0 ? (
              <p className="muted small">No one matches “{q}”. People are added in Settings → Users.</p>
            ) : (
              <ul className="pick-list person-picks" aria-label="Matching people">
                {found.data.items.map((u) => (
                  <li key={u.id}>
                    <span className="person-pick-name">
                      <strong>{u.name}</strong> <span className="mono-soft">{u.email}</span>{' '}
                      <SampleBadge show={u.isSample} />
                    </span>
                    <span className="person-pick-actions">
                      <Button
                        size="sm"
                        aria-label={`Assign ${u.name}`}
                        disabled={assignees.includes(u.id) || change.isPending}
                        onClick={() => change.mutate({ assign: [...assignees, u.id] })}
                      >
                        {assignees.includes(u.id) ? 'Assigned' : 'Assign'}
                      </Button>
                      {incidentRoles.map((r) => (
                        <Button
                          key={r}
                          size="sm"
                          variant="ghost"
                          aria-label={`Make ${u.name} ${roleNames[r].toLowerCase()}`}
                          disabled={incident.roles[r] === u.id || change.isPending}
                          onClick={() => change.mutate({ roles: { [r]: u.id } })}
                        >
                          {shortRole[r]}
                        </Button>
                      ))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <div>
              <Button size="sm" onClick={() => setAdding(false)}>
                Done
              </Button>
            </div>
          </div>
        ) : (
          <div>
            <Button size="sm" onClick={() => setAdding(true)}>
              Add people or roles…
            </Button>
          </div>
        )
      ) : null}
    </section>
  );
}
