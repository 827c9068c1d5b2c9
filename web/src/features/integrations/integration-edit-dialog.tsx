import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Integration } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, TextField } from '../../components/field.js';
import { integrationsApi, integrationsKey } from './integrations.api.js';
import { WebhookMappingEditor } from './webhook-mapping-editor.js';
import {
  checkMapping,
  draftToMapping,
  mappingFields,
  mappingRename,
  mappingToDraft,
  type MappingDraft,
  type WebhookMapping,
} from './webhook-mapping-model.js';

const fields = ['name', 'config.secret', ...mappingFields];

/** Renames an integration; for webhooks edits the mapping, for Grafana sets or clears the secret. */
export function IntegrationEditDialog({
  integration: i,
  open,
  onClose,
}: {
  integration: Integration;
  open: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const initialMapping = (): MappingDraft =>
    mappingToDraft(i.config.mapping as Partial<WebhookMapping> | undefined);
  const [name, setName] = useState(i.name);
  const [secret, setSecret] = useState('');
  const [clearSecret, setClearSecret] = useState(false);
  const [mapping, setMapping] = useState<MappingDraft>(initialMapping);
  const f = useFormErrors(fields);
  const close = (): void => {
    setName(i.name);
    setSecret('');
    setClearSecret(false);
    setMapping(initialMapping());
    f.reset();
    onClose();
  };
  const config = (): Record<string, unknown> | undefined => {
    if (i.type === 'webhook') return { mapping: draftToMapping(mapping) };
    if (i.type !== 'grafana') return undefined;
    if (clearSecret) return { secret: null };
    if (secret.trim()) return { secret: secret.trim() };
    return i.config.secret ? { secret: '(set)' } : {};
  };
  const save = useMutation({
    mutationFn: () => {
      const c = config();
      return integrationsApi.update(i.serviceId, i.id, { name: name.trim(), ...(c ? { config: c } : {}) });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: integrationsKey(i.serviceId) });
      f.reset();
      onClose();
    },
    onError: (err) => f.fromServer(err, mappingRename),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      name: v.required(name, 'Name'),
      'config.secret':
        i.type === 'grafana' && !clearSecret && secret.trim() && secret.trim().length < 8
          ? 'The secret must be at least 8 characters.'
          : undefined,
      ...(i.type === 'webhook' ? checkMapping(mapping) : {}),
    });
    if (ok) save.mutate();
  };

  return (
    <Dialog
      open={open}
      title={`Edit ${i.name}`}
      onClose={close}
      busy={save.isPending}
      wide={i.type === 'webhook'}
    >
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          value={name}
          error={f.errors.name}
          onChange={(e) => {
            setName(e.target.value);
            f.clear('name');
          }}
        />
        {i.type === 'grafana' ? (
          <>
            <TextField
              label={i.config.secret ? 'New signing secret (optional)' : 'Signing secret (optional)'}
              name="config.secret"
              type="password"
              autoComplete="new-password"
              disabled={clearSecret}
              hint={
                i.config.secret
                  ? 'A secret is set. Leave empty to keep it.'
                  : 'Set the same secret on the Grafana contact point. At least 8 characters.'
              }
              value={secret}
              error={f.errors['config.secret']}
              onChange={(e) => {
                setSecret(e.target.value);
                f.clear('config.secret');
              }}
            />
            {i.config.secret ? (
              <CheckboxField
                label="Remove the secret (accept unsigned requests)"
                name="clearSecret"
                checked={clearSecret}
                onChange={(e) => setClearSecret(e.target.checked)}
              />
            ) : null}
          </>
        ) : null}
        {i.type === 'webhook' ? (
          <WebhookMappingEditor
            draft={mapping}
            errors={f.errors}
            onChange={(patch, field) => {
              setMapping((m) => ({ ...m, ...patch }));
              if (field) f.clear(field);
            }}
          />
        ) : null}
        <div className="form-actions">
          <Button onClick={close} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            Save changes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
