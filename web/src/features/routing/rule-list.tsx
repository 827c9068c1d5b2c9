import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { useAllServices } from '../services/services.api.js';
import { RuleFormDialog } from './rule-form-dialog.js';
import { describeActions, describeWhen } from './rule-summary.js';
import { rulesApi, rulesKey, useRules, type Rule } from './routing-rules.api.js';

/**
 * The rules of one scope in evaluation order: move a rule up or down, switch it on or off, edit
 * or delete it, add one. Global rules when `serviceId` is null.
 */
export function RuleList({ serviceId, editable }: { serviceId: string | null; editable: boolean }) {
  const client = useQueryClient();
  const rules = useRules(serviceId);
  const services = useAllServices();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  // The switch's new position, held in component state so it flips in the same render as the
  // click: the query cache's optimistic write lands a task later, and until then a controlled
  // checkbox would snap back. Cleared once the server has answered and the list is refreshed.
  const [flipped, setFlipped] = useState<ReadonlyMap<string, boolean>>(new Map());
  const setFlip = (id: string, enabled: boolean | null): void =>
    setFlipped((m) => {
      const next = new Map(m);
      if (enabled === null) next.delete(id);
      else next.set(id, enabled);
      return next;
    });
  const scopeKey = [rulesKey, 'list', serviceId ?? 'global'];
  const refresh = (): void => void client.invalidateQueries({ queryKey: [rulesKey] });

  const reorder = useMutation({
    mutationFn: (ids: string[]) => rulesApi.reorder(serviceId, ids),
    onMutate: (ids) => {
      const before = client.getQueryData<{ items: Rule[] }>(scopeKey);
      if (before) {
        const byId = new Map(before.items.map((r) => [r.id, r]));
        client.setQueryData(scopeKey, { items: ids.map((id) => byId.get(id)!).filter(Boolean) });
      }
      return { before };
    },
    onError: (_err, _ids, context) => {
      if (context?.before) client.setQueryData(scopeKey, context.before);
    },
    onSettled: refresh,
  });
  const toggle = useMutation({
    mutationFn: (r: Rule) => rulesApi.update(r.id, { enabled: !r.enabled }),
    // Shown switched at once; put back if the server refuses.
    onMutate: (r) => {
      const before = client.getQueryData<{ items: Rule[] }>(scopeKey);
      if (before)
        client.setQueryData(scopeKey, {
          items: before.items.map((x) => (x.id === r.id ? { ...x, enabled: !r.enabled } : x)),
        });
      return { before };
    },
    onError: (_err, _r, context) => {
      if (context?.before) client.setQueryData(scopeKey, context.before);
    },
    onSettled: async (_data, _err, r) => {
      await client.invalidateQueries({ queryKey: [rulesKey] });
      setFlip(r.id, null);
    },
  });
  const remove = useMutation({
    mutationFn: (r: Rule) => rulesApi.remove(r.id),
    onSuccess: () => {
      setDeleting(null);
      refresh();
    },
  });
  const serviceName = (id: string): string =>
    services.data?.find((s) => s.id === id)?.name ?? 'a removed service';
  const move = (list: Rule[], i: number, by: -1 | 1): void => {
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(i, 1);
    ids.splice(i + by, 0, id!);
    reorder.mutate(ids);
  };
  const failure = reorder.error ?? toggle.error;
  const add = editable ? (
    <Button
      variant={serviceId === null ? 'primary' : 'secondary'}
      size={serviceId === null ? 'md' : 'sm'}
      onClick={() => setEditing('new')}
    >
      New rule
    </Button>
  ) : null;

  let body;
  if (rules.isPending) body = <Loading />;
  else if (rules.isError) body = <LoadError error={rules.error} onRetry={() => void rules.refetch()} />;
  else if (rules.data.length === 0)
    body = (
      <EmptyState title={serviceId === null ? 'No global rules' : 'No rules for this service'} action={add}>
        {serviceId === null
          ? 'Global rules see every alert first: route it to the right service, fix its severity, add labels, or suppress noise (recorded, nobody paged).'
          : 'Service rules run after the global rules, on this service’s alerts: adjust severity or priority, add labels, or suppress what should not page.'}
        {editable ? null : ' A responder, admin or owner creates rules.'}
      </EmptyState>
    );
  else {
    const list = rules.data;
    body = (
      <ol className="rule-list" aria-busy={reorder.isPending || undefined}>
        {list.map((r, i) => (
          <li key={r.id} className={`rule${r.enabled ? '' : ' rule-disabled'}`} data-rule={r.id}>
            <span className="rule-position" aria-hidden="true">
              {i + 1}
            </span>
            <div className="rule-text">
              <p className="rule-name">
                {r.name} {r.enabled ? null : <Badge>Off</Badge>}{' '}
                {r.continue ? <Badge tone="info">Continues</Badge> : null}
                {r.actions.suppress ? <Badge tone="sample">Suppresses</Badge> : null}
              </p>
              <p className="small">{describeWhen(r)}</p>
              <p className="small muted">→ {describeActions(r.actions, serviceName)}</p>
            </div>
            {editable ? (
              <div className="rule-actions">
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={flipped.get(r.id) ?? r.enabled}
                    onChange={() => {
                      // From what is shown, so a second click before the answer flips it back.
                      const shown = flipped.get(r.id) ?? r.enabled;
                      setFlip(r.id, !shown);
                      toggle.mutate({ ...r, enabled: shown });
                    }}
                    aria-label={`Enabled: ${r.name}`}
                  />
                  <span>Enabled</span>
                </label>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${r.name} up`}
                  disabled={i === 0 || reorder.isPending}
                  onClick={() => move(list, i, -1)}
                >
                  ↑
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${r.name} down`}
                  disabled={i === list.length - 1 || reorder.isPending}
                  onClick={() => move(list, i, 1)}
                >
                  ↓
                </Button>
                <Button size="sm" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                  Edit
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setDeleting(r)}
                  aria-label={`Delete ${r.name}`}
                >
                  Delete
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    );
  }

  return (
    <>
      {failure ? <Alert tone="error">{errorMessage(failure)}</Alert> : null}
      {rules.data && rules.data.length > 0 && add ? (
        <div className="form-actions form-actions-start">{add}</div>
      ) : null}
      {body}
      {editing ? (
        <RuleFormDialog
          open
          serviceId={serviceId}
          {...(editing !== 'new' && { rule: editing })}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the rule “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete rule"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        <p>
          Alerts that arrive from now on are no longer changed by it. Alerts it already changed stay as they
          are.
        </p>
      </ConfirmDialog>
    </>
  );
}
