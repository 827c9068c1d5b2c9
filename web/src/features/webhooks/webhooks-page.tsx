import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { useAllServices } from '../services/services.api.js';
import { WebhookFormDialog } from './webhook-form-dialog.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import {
  webhookDeliveriesKey,
  webhooksApi,
  webhooksKey,
  type Subscription,
  type WebhookTest,
} from './webhooks.api.js';

function TestOutcome({ result }: { result: WebhookTest | Error }) {
  if (result instanceof Error) return <Alert tone="error">{errorMessage(result)}</Alert>;
  const d = result.delivery;
  return d.ok ? (
    <Alert tone="success">
      Ping delivered{d.status ? ` (status ${d.status})` : ''} in {d.latencyMs} ms.
    </Alert>
  ) : (
    <Alert tone="error" title="The ping failed">
      {d.error ?? 'No reason given.'}
      {d.status ? ` (status ${d.status})` : ''} · {d.latencyMs} ms
    </Alert>
  );
}

/** Settings → Webhooks (admins): signed HTTP callbacks for incident events, per service or for all. */
export function WebhooksPage() {
  const client = useQueryClient();
  const services = useAllServices();
  const list = useQuery({ queryKey: [webhooksKey], queryFn: webhooksApi.list });
  const [editing, setEditing] = useState<Subscription | 'new' | null>(null);
  const [removing, setRemoving] = useState<Subscription | null>(null);
  const [results, setResults] = useState<Record<string, WebhookTest | Error>>({});
  const test = useMutation({
    mutationFn: (s: Subscription) => webhooksApi.test(s.id),
    onMutate: (s) => setResults(({ [s.id]: _, ...rest }) => rest),
    onSuccess: (r, s) => setResults((all) => ({ ...all, [s.id]: r })),
    onError: (err, s) => setResults((all) => ({ ...all, [s.id]: err })),
    // The ping is in the subscription's delivery log now.
    onSettled: (_r, _e, s) => void client.invalidateQueries({ queryKey: [webhookDeliveriesKey(s.id)] }),
  });
  const remove = useMutation({
    mutationFn: (s: Subscription) => webhooksApi.remove(s.id),
    onSuccess: () => {
      setRemoving(null);
      void client.invalidateQueries({ queryKey: [webhooksKey] });
    },
  });
  const serviceName = (id: string | null): string =>
    id === null ? 'Every service' : (services.data?.find((s) => s.id === id)?.name ?? 'Removed service');
  const add = (
    <Button variant="primary" onClick={() => setEditing('new')}>
      New subscription
    </Button>
  );
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Keel POSTs a signed JSON event to each subscribed URL when an incident triggers, is acknowledged, resolved, escalated or reassigned, retrying with backoff until it is accepted."
        actions={items.length > 0 ? add : null}
      />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No webhook subscriptions" action={add}>
          Subscribe a URL to incident events to feed a chat bot, a ticket system or your own automation. Each
          request is signed with HMAC-SHA256 and carries an idempotency key.
        </EmptyState>
      ) : (
        <ul className="plain-list stack" aria-label="Webhook subscriptions">
          {items.map((s) => (
            <li key={s.id} className="card" data-subscription={s.id}>
              <div className="card-header">
                <h2 className="mono-soft break">{s.url}</h2>
                <span className="cell-actions">
                  <Button
                    size="sm"
                    pending={test.isPending && test.variables.id === s.id}
                    pendingLabel="Sending…"
                    onClick={() => test.mutate(s)}
                    aria-label={`Send a test ping to ${s.url}`}
                  >
                    Send test
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Edit ${s.url}`}
                    onClick={() => setEditing(s)}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Delete ${s.url}`}
                    onClick={() => setRemoving(s)}
                  >
                    Delete
                  </Button>
                </span>
              </div>
              <p className="small">
                {s.enabled ? <Badge tone="good">Enabled</Badge> : <Badge>Disabled</Badge>}{' '}
                {serviceName(s.serviceId)} ·{' '}
                {s.events.map((e) => (
                  <code key={e}>{e} </code>
                ))}
              </p>
              {s.description ? <p className="muted small">{s.description}</p> : null}
              {results[s.id] ? <TestOutcome result={results[s.id] as WebhookTest | Error} /> : null}
              <WebhookDeliveries subscriptionId={s.id} url={s.url} />
            </li>
          ))}
        </ul>
      )}
      <WebhookFormDialog
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id + editing.updatedAt}
        open={editing !== null}
        {...(editing && editing !== 'new' ? { subscription: editing } : {})}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={removing !== null}
        title="Delete this subscription?"
        confirmLabel="Delete subscription"
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
          <code>{removing?.url}</code> gets no more events. Deliveries still queued for it are dropped.
        </p>
      </ConfirmDialog>
    </>
  );
}
