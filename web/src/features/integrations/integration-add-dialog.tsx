import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { integrationTypes, type Integration, type IntegrationType } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { TextField } from '../../components/field.js';
import { integrationsApi, integrationsKey, integrationTypeInfo } from './integrations.api.js';
import { WebhookMappingEditor } from './webhook-mapping-editor.js';
import {
  blankMapping,
  checkMapping,
  draftToMapping,
  mappingFields,
  mappingRename,
  type MappingDraft,
} from './webhook-mapping-model.js';

const fields = ['type', 'name', 'config.secret', ...mappingFields];

/** Picks a sender type from cards, names the integration, and sets what that type needs. */
export function IntegrationAddDialog({
  serviceId,
  open,
  onClose,
  onCreated,
}: {
  serviceId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (integration: Integration) => void;
}) {
  const client = useQueryClient();
  const [type, setType] = useState<IntegrationType | null>(null);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [mapping, setMapping] = useState<MappingDraft>(blankMapping);
  const f = useFormErrors(fields);
  const close = (): void => {
    setType(null);
    setName('');
    setSecret('');
    setMapping(blankMapping);
    f.reset();
    onClose();
  };
  const config = (): Record<string, unknown> =>
    type === 'grafana' && secret.trim()
      ? { secret: secret.trim() }
      : type === 'webhook'
        ? { mapping: draftToMapping(mapping) }
        : {};
  const create = useMutation({
    mutationFn: () => integrationsApi.create(serviceId, { type: type!, name: name.trim(), config: config() }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: integrationsKey(serviceId) });
      onCreated(created);
      close();
    },
    onError: (err) => f.fromServer(err, mappingRename),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      type: type ? undefined : 'Choose what will send alerts.',
      name: v.required(name, 'Name'),
      'config.secret':
        type === 'grafana' && secret.trim() && secret.trim().length < 8
          ? 'The secret must be at least 8 characters.'
          : undefined,
      ...(type === 'webhook' ? checkMapping(mapping) : {}),
    });
    if (ok) create.mutate();
  };
  const choose = (t: IntegrationType): void => {
    const untouched = !name || Object.values(integrationTypeInfo).some((i) => i.label === name);
    setType(t);
    if (untouched) setName(integrationTypeInfo[t].label);
    f.clear('type');
    f.clear('name');
  };

  return (
    <Dialog open={open} title="Add integration" onClose={close} busy={create.isPending} wide>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <fieldset className="fieldset fieldset-plain">
          <legend>What will send alerts?</legend>
          <div className="type-cards">
            {integrationTypes.map((t) => (
              <label key={t} className={`type-card ${type === t ? 'type-card-on' : ''}`}>
                <input
                  type="radio"
                  name="type"
                  value={t}
                  checked={type === t}
                  aria-invalid={f.errors.type ? true : undefined}
                  onChange={() => choose(t)}
                />
                <span className="type-card-text">
                  <span className="type-card-title">{integrationTypeInfo[t].label}</span>
                  <span className="type-card-help">{integrationTypeInfo[t].help}</span>
                </span>
              </label>
            ))}
          </div>
          {f.errors.type ? (
            <p className="field-error">
              <span aria-hidden="true">⚠ </span>
              {f.errors.type}
            </p>
          ) : null}
        </fieldset>
        {type ? (
          <>
            <TextField
              label="Name"
              name="name"
              autoComplete="off"
              hint="Where the alerts come from, e.g. “Prometheus production”."
              value={name}
              error={f.errors.name}
              onChange={(e) => {
                setName(e.target.value);
                f.clear('name');
              }}
            />
            {type === 'grafana' ? (
              <TextField
                label="Signing secret (optional)"
                name="config.secret"
                type="password"
                autoComplete="new-password"
                hint="Set the same secret on the Grafana contact point; Keel then refuses unsigned requests. At least 8 characters."
                value={secret}
                error={f.errors['config.secret']}
                onChange={(e) => {
                  setSecret(e.target.value);
                  f.clear('config.secret');
                }}
              />
            ) : null}
            {type === 'webhook' ? (
              <WebhookMappingEditor
                draft={mapping}
                errors={f.errors}
                onChange={(patch, field) => {
                  setMapping((m) => ({ ...m, ...patch }));
                  if (field) f.clear(field);
                }}
              />
            ) : null}
          </>
        ) : null}
        <div className="form-actions">
          <Button onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={create.isPending} pendingLabel="Adding…">
            Add integration
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
