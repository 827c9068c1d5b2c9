import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CopyField } from '../../components/copy-field.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, SelectField, TextField } from '../../components/field.js';
import { useAllServices } from '../services/services.api.js';
import {
  webhookEvents,
  webhooksApi,
  webhooksKey,
  type Subscription,
  type WebhookEvent,
} from './webhooks.api.js';

const fields = ['url', 'serviceId', 'events', 'enabled', 'description'];

/**
 * Creates or edits a subscription. After creating, the dialog shows the signing secret once:
 * the receiver needs it to check the HMAC-SHA256 signature, and Keel never shows it again.
 */
export function WebhookFormDialog({
  open,
  subscription,
  onClose,
}: {
  open: boolean;
  subscription?: Subscription;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const services = useAllServices();
  const [url, setUrl] = useState(subscription?.url ?? '');
  const [serviceId, setServiceId] = useState(subscription?.serviceId ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(
    subscription?.events ?? ['incident.triggered', 'incident.acknowledged', 'incident.resolved'],
  );
  const [enabled, setEnabled] = useState(subscription?.enabled ?? true);
  const [description, setDescription] = useState(subscription?.description ?? '');
  const [secret, setSecret] = useState<string | null>(null);
  const f = useFormErrors(fields);
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        url: url.trim(),
        serviceId: serviceId || null,
        events,
        enabled,
        description: description.trim(),
      };
      if (subscription) return { ...(await webhooksApi.update(subscription.id, body)), secret: null };
      return webhooksApi.create(body);
    },
    onSuccess: (s) => {
      void client.invalidateQueries({ queryKey: [webhooksKey] });
      if (s.secret) setSecret(s.secret);
      else onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const errors: Errors = {};
    if (!/^https?:\/\/\S+$/.test(url.trim())) errors.url = 'Enter an http:// or https:// URL.';
    if (events.length === 0) errors.events = 'Choose at least one event.';
    if (f.check(errors)) save.mutate();
  };

  if (secret)
    return (
      <Dialog open={open} title="Subscription created" onClose={onClose}>
        <div className="form">
          <div className="secret-once">
            <CopyField
              label="Signing secret"
              value={secret}
              hint="Copy it now: it is shown only this once. Your receiver checks each request's HMAC-SHA256 signature with it (docs/oncall.md)."
            />
          </div>
          <div className="form-actions">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );

  return (
    <Dialog
      open={open}
      title={subscription ? 'Edit subscription' : 'New webhook subscription'}
      onClose={onClose}
      busy={save.isPending}
    >
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="URL"
          name="url"
          type="url"
          placeholder="https://example.com/keel-events"
          value={url}
          error={f.errors.url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <SelectField
          label="Service"
          name="serviceId"
          value={serviceId}
          error={f.errors.serviceId}
          options={[
            { value: '', label: 'Every service' },
            ...(services.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => setServiceId(e.target.value)}
        />
        <fieldset className="fieldset">
          <legend>Events</legend>
          {webhookEvents.map((ev) => (
            <label key={ev} className="check-row">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))
                }
              />
              <code>{ev}</code>
            </label>
          ))}
          {f.errors.events ? <p className="field-error">{f.errors.events}</p> : null}
        </fieldset>
        <TextField
          label="Description (optional)"
          name="description"
          value={description}
          maxLength={500}
          error={f.errors.description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <CheckboxField
          label="Enabled"
          name="enabled"
          checked={enabled}
          hint="A disabled subscription is kept but sent nothing."
          onChange={(e) => setEnabled(e.target.checked)}
        />
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {subscription ? 'Save' : 'Create subscription'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
