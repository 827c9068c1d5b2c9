import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, TextField } from '../../components/field.js';
import { useAllServices } from '../services/services.api.js';
import { ActionFields, actionErrorFields, type ActionsForm } from './action-fields.js';
import { ConditionRows, conditionErrorFields, type ConditionRow } from './condition-rows.js';
import {
  rulesApi,
  rulesKey,
  takesKey,
  takesValue,
  type AlertPriority,
  type AlertSeverity,
  type Rule,
  type RuleActions,
  type RuleInput,
} from './routing-rules.api.js';

const fields = [
  'name',
  'enabled',
  'continue',
  'match',
  'conditions',
  ...conditionErrorFields,
  ...actionErrorFields,
];

function toRows(rule: Rule | undefined): ConditionRow[] {
  return (rule?.conditions ?? []).map((c) => ({
    field: c.field,
    key: c.key ?? '',
    op: c.op,
    value: c.value ?? '',
  }));
}

function toActionsForm(a: RuleActions | undefined): ActionsForm {
  return {
    serviceId: a?.serviceId ?? '',
    severity: a?.severity ?? '',
    priority: a?.priority ?? '',
    labels: Object.entries(a?.labels ?? {}).map(([key, value]) => ({ key, value })),
    suppress: a?.suppress ?? false,
  };
}

function toActions(f: ActionsForm): RuleActions {
  const labels = f.labels.filter((l) => l.key.trim());
  return {
    ...(f.serviceId && { serviceId: f.serviceId }),
    ...(f.severity && { severity: f.severity as AlertSeverity }),
    ...(f.priority && { priority: f.priority as AlertPriority }),
    ...(labels.length > 0 && { labels: Object.fromEntries(labels.map((l) => [l.key.trim(), l.value])) }),
    ...(f.suppress && { suppress: true }),
  };
}

/** Creates or edits a routing rule of one scope (global when `serviceId` is null). */
export function RuleFormDialog({
  open,
  onClose,
  serviceId,
  rule,
}: {
  open: boolean;
  onClose: () => void;
  serviceId: string | null;
  rule?: Rule;
}) {
  const client = useQueryClient();
  const services = useAllServices();
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [match, setMatch] = useState<'all' | 'any'>(rule?.match ?? 'all');
  const [rows, setRows] = useState<ConditionRow[]>(() => toRows(rule));
  const [actions, setActions] = useState<ActionsForm>(() => toActionsForm(rule?.actions));
  const [cont, setCont] = useState(rule?.continue ?? false);
  const f = useFormErrors(fields);

  const body = (): RuleInput => ({
    name: name.trim(),
    serviceId,
    enabled,
    match,
    conditions: rows.map((r) => ({
      field: r.field,
      op: r.op,
      ...(takesKey(r.field) && { key: r.key.trim() }),
      ...(takesValue(r.op) && { value: r.value }),
    })),
    actions: toActions(actions),
    continue: cont,
  });
  const save = useMutation({
    mutationFn: () => (rule ? rulesApi.update(rule.id, body()) : rulesApi.create(body())),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [rulesKey] });
      f.reset();
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const errors: v.Errors = { name: v.required(name, 'Name') };
    rows.forEach((r, i) => {
      if (takesKey(r.field) && !r.key.trim())
        errors[`conditions.${i}.key`] = r.field === 'label' ? 'Name the label.' : 'Give the detail’s path.';
    });
    if (f.check(errors)) save.mutate();
  };

  return (
    <Dialog
      open={open}
      title={rule ? 'Edit routing rule' : 'New routing rule'}
      onClose={onClose}
      busy={save.isPending}
      wide
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
          placeholder="Drop staging noise"
          value={name}
          error={f.errors.name}
          onChange={(e) => {
            setName(e.target.value);
            f.clear('name');
          }}
        />
        <ConditionRows
          rows={rows}
          match={match}
          errors={f.errors}
          onChange={(next) => {
            setRows(next);
            f.reset();
          }}
          onMatch={setMatch}
        />
        <ActionFields
          value={actions}
          global={serviceId === null}
          services={services.data ?? []}
          errors={f.errors}
          onChange={setActions}
        />
        <CheckboxField
          label="Continue with the next rule after this one matches"
          name="continue"
          hint="Otherwise the first matching rule is the last one applied."
          checked={cont}
          onChange={(e) => setCont(e.target.checked)}
        />
        <CheckboxField
          label="Enabled"
          name="enabled"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {rule ? 'Save rule' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
