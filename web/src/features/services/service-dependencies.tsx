import { useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { api, ApiError, errorMessage, withQuery } from '../../lib/api.js';
import type { Page, Service } from '../../lib/types.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { SearchBox } from '../../components/search-box.js';
import { servicesApi, servicesKey } from './services.api.js';

/**
 * The dependsOn problem from a failed save, with the service ids of a cycle ("cycle: a → b → a")
 * shown as names, and those ids so the chips involved can be marked.
 */
function dependencyError(err: unknown, names: Map<string, string>): { message: string; ids: string[] } {
  const issue = err instanceof ApiError ? err.issues.find((i) => i.path[0] === 'dependsOn') : undefined;
  if (!issue) return { message: errorMessage(err), ids: [] };
  const cycle = /^cycle:\s*(.+)$/i.exec(issue.message);
  if (cycle?.[1]) {
    const ids = cycle[1].split('→').map((id) => id.trim());
    const path = ids.map((id) => names.get(id) ?? id);
    return {
      message: `This would make a dependency cycle: ${path.join(' → ')}. Remove one of these dependencies.`,
      ids,
    };
  }
  return { message: `${err instanceof ApiError ? err.message : ''} ${issue.message}`.trim(), ids: [] };
}

/** What this service needs to work. Picking is a search on the server, so it scales. */
export function ServiceDependencies({ service, editable }: { service: Service; editable: boolean }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<string[]>(service.dependsOn);
  const [q, setQ] = useState('');
  const deps = useQueries({
    queries: (editing ? picked : service.dependsOn).map((id) => ({
      queryKey: [servicesKey, 'detail', id],
      queryFn: () => servicesApi.get(id),
      staleTime: 30_000,
    })),
  });
  const found = useQuery({
    queryKey: [servicesKey, 'list', { q, limit: 8 }],
    queryFn: ({ signal }) => api<Page<Service>>(withQuery('/api/v1/services', { q, limit: 8 }), { signal }),
    enabled: editing,
  });
  const names = new Map<string, string>([[service.id, service.name]]);
  for (const d of deps) if (d.data) names.set(d.data.id, d.data.name);
  for (const s of found.data?.items ?? []) names.set(s.id, s.name);

  const save = useMutation({
    mutationFn: () => servicesApi.update(service.id, { dependsOn: picked }),
    onSuccess: (saved) => {
      client.setQueryData([servicesKey, 'detail', service.id], saved);
      setEditing(false);
    },
  });
  const error = save.isError ? dependencyError(save.error, names) : null;
  const candidates = (found.data?.items ?? []).filter((s) => s.id !== service.id && !picked.includes(s.id));
  const change = (next: string[]): void => {
    setPicked(next);
    save.reset();
  };
  const shown = editing ? picked : service.dependsOn;

  return (
    <section className="card" aria-labelledby="service-deps">
      <div className="card-header">
        <h2 id="service-deps">Depends on</h2>
        {editable && !editing ? (
          <Button
            size="sm"
            onClick={() => {
              setPicked(service.dependsOn);
              save.reset();
              setEditing(true);
            }}
          >
            Edit dependencies
          </Button>
        ) : null}
      </div>
      {shown.length === 0 && !editing ? (
        <EmptyState title="No dependencies">
          {editable
            ? 'Name the services this one needs — a database, an auth service — so responders see where a problem may start.'
            : 'A responder records which services this one needs.'}
        </EmptyState>
      ) : (
        <ul className="chip-list" aria-label={editing ? 'Chosen dependencies' : 'Dependencies'}>
          {shown.map((id, i) => {
            const d = deps[i]?.data;
            const name = d?.name ?? (deps[i]?.isError ? 'Removed service' : '…');
            return (
              <li key={id} className={`chip ${error?.ids.includes(id) ? 'chip-bad' : ''}`}>
                {editing ? <span>{name}</span> : <Link to={`/services/${id}`}>{name}</Link>}
                {d ? <SampleBadge show={d.isSample} /> : null}
                {editing ? (
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove ${name}`}
                    onClick={() => change(picked.filter((p) => p !== id))}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            );
          })}
          {editing && shown.length === 0 ? <li className="muted small">None chosen.</li> : null}
        </ul>
      )}
      {editing ? (
        <div className="form form-wide">
          <SearchBox label="Find services to add" placeholder="Find services to add…" onSearch={setQ} />
          {found.isPending ? (
            <p className="muted small">Searching…</p>
          ) : candidates.length === 0 ? (
            <p className="muted small">
              {(found.data?.items ?? []).some((x) => x.id !== service.id)
                ? q
                  ? `Every service matching “${q}” is already chosen.`
                  : 'Every service shown is already chosen. Search to find more.'
                : q
                  ? `No other services match “${q}”.`
                  : 'There are no other services yet. Create the services this one needs first.'}
            </p>
          ) : (
            <ul className="pick-list" aria-label="Matching services">
              {candidates.map((s) => (
                <li key={s.id}>
                  <span>
                    <strong>{s.name}</strong> <SampleBadge show={s.isSample} />
                  </span>
                  <Button size="sm" aria-label={`Add ${s.name}`} onClick={() => change([...picked, s.id])}>
                    Add
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {error ? (
            <p className="field-error" role="alert">
              <span aria-hidden="true">⚠ </span>
              {error.message}
            </p>
          ) : null}
          <div className="form-actions form-actions-start">
            <Button
              variant="primary"
              pending={save.isPending}
              pendingLabel="Saving…"
              onClick={() => save.mutate()}
            >
              Save dependencies
            </Button>
            <Button onClick={() => setEditing(false)} disabled={save.isPending}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
