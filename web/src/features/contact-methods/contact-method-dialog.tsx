import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, SelectField, TextField } from '../../components/field.js';
import { channelDef, channelDefs, configOf, initialValues, type ChannelDef } from './channel-fields.js';
import { contactMethodsApi, contactMethodsKey, type ContactMethod } from './contact-methods.api.js';

const allFields = [
  'type',
  'label',
  'config',
  ...new Set(channelDefs.flatMap((d) => d.fields.map((f) => `config.${f.key}`))),
];

function check(def: ChannelDef, label: string, values: Record<string, string>, withConfig: boolean): Errors {
  const e: Errors = {};
  if (!label.trim()) e.label = 'Give it a name you will recognise, e.g. “Work phone”.';
  if (withConfig)
    for (const f of def.fields)
      if (!f.optional && !(values[f.key] ?? '').trim()) e[`config.${f.key}`] = `${f.label} is required.`;
  return e;
}

/**
 * Adds a contact method (a channel and its settings) or edits one. Settings hold secrets and are
 * never shown again, so editing keeps them unless "Replace the settings" is ticked.
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
  const [values, setValues] = useState(() => initialValues(def));
  const [replace, setReplace] = useState(!method);
  const f = useFormErrors(allFields);
  const save = useMutation({
    mutationFn: () => {
      const config = configOf(def, values);
      if (method)
        return contactMethodsApi.update(userId, method.id, {
          label: label.trim(),
          ...(replace ? { config } : {}),
        });
      return contactMethodsApi.create(userId, { type, label: label.trim(), config });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [contactMethodsKey] });
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(check(def, label, values, replace))) save.mutate();
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
        {method ? (
          <CheckboxField
            label="Replace the settings"
            name="replace"
            hint="The current settings stay unless you enter new ones."
            checked={replace}
            onChange={(e) => setReplace(e.target.checked)}
          />
        ) : null}
        {replace
          ? def.fields.map((fd) => (
              <TextField
                key={`${type}-${fd.key}`}
                label={fd.optional ? `${fd.label} (optional)` : fd.label}
                name={`config.${fd.key}`}
                type={fd.type ?? 'text'}
                autoComplete={fd.type === 'password' ? 'new-password' : 'off'}
                placeholder={fd.placeholder}
                hint={fd.hint}
                value={values[fd.key] ?? ''}
                error={f.errors[`config.${fd.key}`]}
                onChange={(e) => setValues((v) => ({ ...v, [fd.key]: e.target.value }))}
              />
            ))
          : null}
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
