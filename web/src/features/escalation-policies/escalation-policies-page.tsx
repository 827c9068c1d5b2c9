import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { canManage, canRespond, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import {
  policiesApi,
  policiesKey,
  targetText,
  useAllPolicies,
  type Policy,
} from './escalation-policies.api.js';
import { PolicyFormDialog } from './policy-form-dialog.js';

/** Escalation policies: who is notified, level by level, until someone acknowledges. */
export function EscalationPoliciesPage() {
  const me = useMe();
  const editable = canRespond(me.role);
  const client = useQueryClient();
  const policies = useAllPolicies();
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [removing, setRemoving] = useState<Policy | null>(null);
  const remove = useMutation({
    mutationFn: (p: Policy) => policiesApi.remove(p.id),
    onSuccess: () => {
      setRemoving(null);
      void client.invalidateQueries({ queryKey: [policiesKey] });
    },
  });
  const add = editable ? (
    <Button variant="primary" onClick={() => setEditing('new')}>
      New policy
    </Button>
  ) : null;
  const list = policies.data ?? [];

  return (
    <>
      <PageHeader
        title="Escalation policies"
        description="When an incident triggers, level 1 is notified; if nobody acknowledges in time, the next level is, and so on. Services name a policy; those that name none use the default."
        actions={list.length > 0 ? add : null}
      />
      {policies.isPending ? (
        <Loading />
      ) : policies.isError ? (
        <LoadError error={policies.error} onRetry={() => void policies.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState title="No escalation policies yet: nobody is paged" action={add}>
          Create a policy whose first level notifies a schedule (whoever is on call) or a person. The first
          policy becomes the default, used by every service that names none.
        </EmptyState>
      ) : (
        <ul className="plain-list stack" aria-label="Escalation policies">
          {list.map((p) => (
            <li key={p.id} className="card" data-policy={p.id}>
              <div className="card-header">
                <h2>
                  {p.name} {p.isDefault ? <Badge tone="info">Default</Badge> : null}
                </h2>
                <span className="cell-actions">
                  {editable ? (
                    <Button size="sm" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                      Edit
                    </Button>
                  ) : null}
                  {canManage(me.role) ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Delete ${p.name}`}
                      onClick={() => setRemoving(p)}
                    >
                      Delete
                    </Button>
                  ) : null}
                </span>
              </div>
              {p.description ? <p className="muted">{p.description}</p> : null}
              <ol className="level-summary">
                {p.levels.map((l, i) => (
                  <li key={i}>
                    <strong>Level {i + 1}:</strong> {l.targets.map(targetText).join(', ')}{' '}
                    <span className="muted small">— then wait {l.delayMinutes} min</span>
                  </li>
                ))}
              </ol>
              <p className="small muted">
                {p.repeat === 0
                  ? 'Stops after the last level.'
                  : `Repeats ${p.repeat} more ${p.repeat === 1 ? 'time' : 'times'}.`}{' '}
                {p.services.length === 0 ? (
                  p.isDefault ? (
                    'Used by every service without a policy.'
                  ) : (
                    'No service names it.'
                  )
                ) : (
                  <>
                    Used by{' '}
                    {p.services.map((s, i) => (
                      <span key={s.id}>
                        {i > 0 ? ', ' : ''}
                        <Link to={`/services/${s.id}`}>{s.name}</Link>
                      </span>
                    ))}
                    .
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <PolicyFormDialog
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : `${editing.id}-${editing.updatedAt}`}
        open={editing !== null}
        {...(editing && editing !== 'new' ? { policy: editing } : {})}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={removing !== null}
        title={`Delete ${removing?.name ?? ''}?`}
        confirmLabel="Delete policy"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        <p>
          Services that name it fall back to the default policy. Escalations already running stop at their
          next step.
        </p>
      </ConfirmDialog>
    </>
  );
}
