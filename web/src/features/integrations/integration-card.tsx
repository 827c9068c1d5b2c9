import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import type { Integration } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { Badge, SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { CopyField } from '../../components/copy-field.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { IntegrationEditDialog } from './integration-edit-dialog.js';
import { integrationsApi, integrationsKey, integrationTypeInfo } from './integrations.api.js';

const exampleLabel: Record<Integration['type'], string> = {
  pagerduty: 'Example request',
  alertmanager: 'alertmanager.yml',
  grafana: 'Grafana contact point',
  opsgenie: 'Example request and receiver',
  webhook: 'Example request',
  keel: 'Example request',
};

/** One integration: where senders post (URL and example, with copy buttons), and its controls. */
export function IntegrationCard({
  integration: i,
  editable,
  fresh,
}: {
  integration: Integration;
  editable: boolean;
  fresh: boolean;
}) {
  const client = useQueryClient();
  const titleId = useId();
  const [confirm, setConfirm] = useState<'rotate' | 'delete' | null>(null);
  const [editing, setEditing] = useState(false);
  const refresh = (): void => void client.invalidateQueries({ queryKey: integrationsKey(i.serviceId) });
  const rotate = useMutation({
    mutationFn: () => integrationsApi.rotateKey(i.serviceId, i.id),
    onSuccess: () => {
      refresh();
      setConfirm(null);
    },
  });
  const remove = useMutation({
    mutationFn: () => integrationsApi.remove(i.serviceId, i.id),
    onSuccess: () => {
      refresh();
      setConfirm(null);
    },
  });
  const toggle = useMutation({
    mutationFn: () => integrationsApi.update(i.serviceId, i.id, { disabled: !i.disabled }),
    onSuccess: refresh,
  });
  const info = integrationTypeInfo[i.type];

  return (
    <section className={`integration ${i.disabled ? 'integration-disabled' : ''}`} aria-labelledby={titleId}>
      <header className="integration-header">
        <div className="integration-title">
          <h3 id={titleId}>{i.name}</h3>
          {i.name !== info.label ? <Badge tone="info">{info.label}</Badge> : null}
          <SampleBadge show={i.isSample} />
          {i.disabled ? <Badge tone="warn">Disabled</Badge> : null}
          {fresh ? <Badge tone="good">New</Badge> : null}
        </div>
        <p className="integration-last muted small">
          {i.lastEventAt ? (
            <>
              Last event{' '}
              <time dateTime={i.lastEventAt} title={formatDateTime(i.lastEventAt)}>
                {formatRelative(i.lastEventAt)}
              </time>
            </>
          ) : (
            'No events received yet'
          )}
        </p>
      </header>
      {i.disabled ? (
        <p className="small muted">
          Disabled: Keel refuses events sent to this URL until it is enabled again.
        </p>
      ) : null}
      <CopyField label="URL" value={i.url} hint="Paste this address into the sender." />
      {i.type === 'pagerduty' || i.type === 'opsgenie' ? (
        <CopyField
          label={i.type === 'pagerduty' ? 'Integration key (routing key)' : 'API key'}
          value={i.key}
          hint={
            i.type === 'pagerduty'
              ? 'PagerDuty clients send this as routing_key.'
              : 'Opsgenie receivers send it as their API key; the URL above already carries it.'
          }
        />
      ) : null}
      <CopyField
        label={exampleLabel[i.type]}
        value={i.example}
        multiline
        code={i.example.includes('\n')}
        maxRows={12}
      />
      {i.type === 'grafana' ? (
        <p className="small">
          Signing secret:{' '}
          {i.config.secret ? <Badge tone="good">set</Badge> : <span className="muted">not set</span>}
        </p>
      ) : null}
      {toggle.isError ? <Alert tone="error">{errorMessage(toggle.error)}</Alert> : null}
      {editable ? (
        <div className="integration-actions">
          {i.type === 'webhook' || i.type === 'grafana' ? (
            <Button size="sm" onClick={() => setEditing(true)}>
              {i.type === 'webhook' ? 'Edit mapping' : 'Edit'}
            </Button>
          ) : (
            <Button size="sm" onClick={() => setEditing(true)}>
              Rename
            </Button>
          )}
          <Button size="sm" onClick={() => setConfirm('rotate')}>
            Rotate key
          </Button>
          <Button size="sm" pending={toggle.isPending} onClick={() => toggle.mutate()}>
            {i.disabled ? 'Enable' : 'Disable'}
          </Button>
          <Button size="sm" variant="danger" onClick={() => setConfirm('delete')}>
            Delete
          </Button>
        </div>
      ) : null}
      <IntegrationEditDialog
        key={i.updatedAt}
        integration={i}
        open={editing}
        onClose={() => setEditing(false)}
      />
      <ConfirmDialog
        open={confirm === 'rotate'}
        title={`Rotate the key for ${i.name}?`}
        confirmLabel="Rotate key"
        pendingLabel="Rotating…"
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={() => rotate.mutate()}
        onClose={() => {
          setConfirm(null);
          rotate.reset();
        }}
      >
        <p>
          Senders using the old URL will stop working at once. Afterwards, paste the new URL into every sender
          that uses this integration.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'delete'}
        title={`Delete ${i.name}?`}
        confirmLabel="Delete integration"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setConfirm(null);
          remove.reset();
        }}
      >
        <p>Keel will refuse events sent to its URL. Alerts it already received stay.</p>
      </ConfirmDialog>
    </section>
  );
}
