import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { channelLabel } from './channel-fields.js';
import { ContactMethodDialog } from './contact-method-dialog.js';
import {
  contactMethodsApi,
  contactMethodsKey,
  type ContactMethod,
  type TestResult,
} from './contact-methods.api.js';

function TestOutcome({ result }: { result: TestResult | Error }) {
  if (result instanceof Error) return <Alert tone="error">{errorMessage(result)}</Alert>;
  const d = result.delivery;
  return d.ok ? (
    <Alert tone="success">
      Test sent{d.status ? ` (status ${d.status})` : ''} in {d.latencyMs} ms. Check that it arrived.
    </Alert>
  ) : (
    <Alert tone="error" title="The test notification failed">
      {d.error ?? 'No reason given.'}
      {d.status ? ` (status ${d.status})` : ''} · {d.latencyMs} ms
    </Alert>
  );
}

/**
 * Contact methods (yours, or `name`'s for an admin): where Keel can reach the person, each with
 * "Send test notification".
 */
export function ContactMethodsSection({ userId = 'me', name }: { userId?: string; name?: string }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<ContactMethod | 'new' | null>(null);
  const [removing, setRemoving] = useState<ContactMethod | null>(null);
  const [results, setResults] = useState<Record<string, TestResult | Error>>({});
  const list = useQuery({
    queryKey: [contactMethodsKey, userId],
    queryFn: () => contactMethodsApi.list(userId),
  });
  const test = useMutation({
    mutationFn: (m: ContactMethod) => contactMethodsApi.test(userId, m.id),
    onMutate: (m) => setResults(({ [m.id]: _, ...rest }) => rest),
    onSuccess: (r, m) => setResults((all) => ({ ...all, [m.id]: r })),
    onError: (err, m) => setResults((all) => ({ ...all, [m.id]: err })),
  });
  const remove = useMutation({
    mutationFn: (m: ContactMethod) => contactMethodsApi.remove(userId, m.id),
    onSuccess: () => {
      setRemoving(null);
      void client.invalidateQueries({ queryKey: [contactMethodsKey] });
    },
  });
  const add = <Button onClick={() => setEditing('new')}>Add contact method</Button>;
  const items = list.data?.items ?? [];

  return (
    <section className="card" aria-labelledby="contact-methods">
      <div className="card-header">
        <h2 id="contact-methods">Contact methods</h2>
        {items.length > 0 ? add : null}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={`Keel cannot reach ${name ?? 'you'} yet`} action={add}>
          Add at least one way to be told about incidents: e-mail, SMS, a phone call, a chat webhook or a push
          app. Then send yourself a test.
        </EmptyState>
      ) : (
        <ul className="plain-list span-list" aria-label="Contact methods">
          {items.map((m) => (
            <li key={m.id} className="method-item" data-method={m.id}>
              <div className="span-item">
                <span>
                  <strong>{m.label}</strong> <span className="muted small">{channelLabel(m.type)}</span>
                  <br />
                  <span className="mono-soft small">{m.description}</span>
                </span>
                <span className="cell-actions">
                  <Button
                    size="sm"
                    pending={test.isPending && test.variables.id === m.id}
                    pendingLabel="Sending…"
                    aria-label={`Send test notification to ${m.label}`}
                    onClick={() => test.mutate(m)}
                  >
                    Send test notification
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Edit ${m.label}`}
                    onClick={() => setEditing(m)}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Delete ${m.label}`}
                    onClick={() => setRemoving(m)}
                  >
                    Delete
                  </Button>
                </span>
              </div>
              {results[m.id] ? <TestOutcome result={results[m.id] as TestResult | Error} /> : null}
            </li>
          ))}
        </ul>
      )}
      <ContactMethodDialog
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        open={editing !== null}
        userId={userId}
        {...(editing && editing !== 'new' ? { method: editing } : {})}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={removing !== null}
        title={`Delete ${removing?.label ?? ''}?`}
        confirmLabel="Delete contact method"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        <p>Notification rules that use it are removed with it.</p>
      </ConfirmDialog>
    </section>
  );
}
