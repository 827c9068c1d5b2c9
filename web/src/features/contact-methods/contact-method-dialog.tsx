import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextField } from '../../components/field.js';
import {
  changedConfigOf,
  channelDef,
  channelDefs,
  configOf,
  editValues,
  initialValues,
  type ChannelDef,
} from './channel-fields.js';
import { contactMethodsApi, contactMethodsKey, type ContactMethod } from './contact-methods.api.js';

const allFields = [
  'type',
  'label',
  'config',
  ...new Set(channelDefs.flatMap((d) => d.fields.map((f) => `config.${f.key}`))),
];

function check(
  def: ChannelDef,
  label: string,
  values: Record<string, string>,
  kept: ReadonlySet<string>,
): Errors {
  const e: Errors = {};
  if (!label.trim()) e.label = 'Give it a name you will recognise, e.g. “Work phone”.';
  for (const f of def.fields)
    if (!f.optional && !kept.has(f.key) && !(values[f.key] ?? '').trim())
      e[`config.${f.key}`] = `${f.label} is required.`;
  return e;
}

/**
 * Adds a contact method (a channel and its settings) or edits one. When editing, the settings
 * the server shows (an address, a number, a server URL) are pre-filled; secret ones are blank,
 * and blank means "keep the current value". Only changed fields are sent (the server merges).
 */
export function ContactMethodDialog({
  open,
  userId,
  method,
  onClose,
}: {
  open: boolean;
  userId: string;
  method?: ContactMethod;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [type, setType] = useState(method?.type ?? 'email');
  const def = channelDef(type) ?? (channelDefs[0] as ChannelDef);
  const [label, setLabel] = useState(method?.label ?? def.label);
  const [start] = useState(() => (method ? editValues(def, method.config ?? {}) : initialValues(def)));
  const [values, setValues] = useState(start);
  // Fields with a stored value the server does not show (secrets): blank keeps them.
  const kept = new Set(
    method ? def.fields.filter((fd) => !(fd.key in (method.config ?? {}))).map((fd) => fd.key) : [],
  );
  const f = useFormErrors(allFields);
  const save = useMutation({
    mutationFn: () => {
      if (method) {
        const config = changedConfigOf(def, start, values);
        return contactMethodsApi.update(userId, method.id, {
          label: label.trim(),
          ...(Object.keys(config).length ? { config } : {}),
        });
      }
      return contactMethodsApi.create(userId, { type, label: label.trim(), config: configOf(def, values) });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [contactMethodsKey] });
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(check(def, label, values, kept))) save.mutate();
  };

  return (
    <Dialog
      open={open}
      title={method ? `Edit ${method.label}` : 'Add a contact method'}
      onClose={onClose}
      busy={save.isPending}
    >
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        {method ? (
          <p className="muted small">
            {def.label}: {method.description}
          </p>
        ) : (
          <SelectField
            label="Type"
            name="type"
            value={type}
            hint={def.help}
            options={channelDefs.map((d) => ({ value: d.type, label: d.label }))}
            onChange={(e) => {
              const next = channelDef(e.target.value);
              if (!next) return;
              if (label === def.label) setLabel(next.label);
              setType(next.type);
              setValues(initialValues(next));
              f.reset();
            }}
          />
        )}
        <TextField
          label="Name"
          name="label"
          value={label}
          maxLength={100}
          error={f.errors.label}
          onChange={(e) => setLabel(e.target.value)}
        />
        {def.fields.map((fd) => (
          <TextField
            key={`${type}-${fd.key}`}
            label={fd.optional ? `${fd.label} (optional)` : fd.label}
            name={`config.${fd.key}`}
            type={fd.type ?? 'text'}
            autoComplete={fd.type === 'password' || kept.has(fd.key) ? 'new-password' : 'off'}
            placeholder={kept.has(fd.key) ? 'Unchanged' : fd.placeholder}
            hint={
              kept.has(fd.key)
                ? `Not shown again. Leave blank to keep the current value.${fd.hint ? ` ${fd.hint}` : ''}`
                : fd.hint
            }
            value={values[fd.key] ?? ''}
            error={f.errors[`config.${fd.key}`]}
            onChange={(e) => setValues((v) => ({ ...v, [fd.key]: e.target.value }))}
          />
        ))}
        {f.errors.config ? <p className="field-error">{f.errors.config}</p> : null}
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {method ? 'Save' : 'Add contact method'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
