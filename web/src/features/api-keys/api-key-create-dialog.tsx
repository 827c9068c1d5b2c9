import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiKeyScopes, type CreatedApiKey } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CopyField } from '../../components/copy-field.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextField } from '../../components/field.js';
import { apiKeysApi, apiKeysKey } from './api-keys.api.js';

const scopeHelp: Record<string, string> = {
  read: 'Read anything you can see.',
  write: 'Create and change things you are allowed to change.',
  ingest: 'Send alerts and events into Keel (for monitoring tools).',
};
const expiryOptions = [
  { value: '', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
];

/** Creates a key and shows the secret once, with a warning that it cannot be shown again. */
export function ApiKeyCreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [expiry, setExpiry] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const f = useFormErrors(['name', 'scopes', 'expiresAt']);
  const create = useMutation({
    mutationFn: () =>
      apiKeysApi.create({
        name: name.trim(),
        scopes,
        ...(expiry ? { expiresAt: new Date(Date.now() + Number(expiry) * 86_400_000).toISOString() } : {}),
      }),
    onSuccess: (key) => {
      setCreated(key);
      void client.invalidateQueries({ queryKey: [apiKeysKey] });
    },
    onError: (err) => f.fromServer(err),
  });
  const close = (): void => {
    setName('');
    setScopes(['read']);
    setExpiry('');
    setCreated(null);
    f.reset();
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      name: v.required(name, 'Name'),
      scopes: scopes.length ? undefined : 'Pick at least one scope.',
    });
    if (ok) create.mutate();
  };
  const toggle = (s: string, on: boolean): void => {
    setScopes((cur) => (on ? [...cur, s] : cur.filter((x) => x !== s)));
    f.clear('scopes');
  };

  return (
    <Dialog
      open={open}
      title={created ? 'API key created' : 'Create API key'}
      onClose={close}
      busy={create.isPending}
    >
      {created ? (
        <div className="form">
          <Alert tone="warn" title="Copy this key now">
            This is the only time Keel shows it. Keel stores only a hash, so if you lose the key, revoke it
            and create a new one.
          </Alert>
          <CopyField label={`Key for “${created.name}”`} value={created.key} />
          <div className="form-actions">
            <Button variant="primary" onClick={close}>
              I have copied the key
            </Button>
          </div>
        </div>
      ) : (
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
            hint="Where the key is used, e.g. “Grafana alerts” or “deploy script”."
            value={name}
            error={f.errors.name}
            onChange={(e) => {
              setName(e.target.value);
              f.clear('name');
            }}
          />
          <fieldset className="fieldset">
            <legend>Scopes</legend>
            {apiKeyScopes.map((s) => (
              <label key={s} className="check-row">
                <input
                  type="checkbox"
                  name="scopes"
                  value={s}
                  checked={scopes.includes(s)}
                  aria-invalid={f.errors.scopes ? true : undefined}
                  aria-describedby={f.errors.scopes ? 'scopes-error' : undefined}
                  onChange={(e) => toggle(s, e.target.checked)}
                />
                <span>
                  <strong>{s}</strong> <span className="muted">— {scopeHelp[s]}</span>
                </span>
              </label>
            ))}
            {f.errors.scopes ? (
              <p id="scopes-error" className="field-error">
                {f.errors.scopes}
              </p>
            ) : null}
          </fieldset>
          <SelectField
            label="Expires"
            name="expiresAt"
            value={expiry}
            error={f.errors.expiresAt}
            options={expiryOptions}
            onChange={(e) => setExpiry(e.target.value)}
          />
          <div className="form-actions">
            <Button onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={create.isPending} pendingLabel="Creating…">
              Create key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
