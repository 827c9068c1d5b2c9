import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { LevelRows, type LevelDraft } from './level-rows.js';
import {
  maxDelayMinutes,
  maxRepeat,
  policiesApi,
  policiesKey,
  type Policy,
} from './escalation-policies.api.js';

const levelFields = Array.from({ length: 20 }, (_, i) => [
  `levels.${i}.targets`,
  `levels.${i}.delayMinutes`,
]).flat();
const fields = ['name', 'description', 'repeat', 'isDefault', 'levels', ...levelFields];

function check(name: string, levels: LevelDraft[]): Errors {
  const e: Errors = {};
  if (!name.trim()) e.name = 'Name the policy, e.g. “Payments”.';
  levels.forEach((l, i) => {
    if (l.targets.length === 0) e[`levels.${i}.targets`] = 'Add at least one target.';
    const d = Number(l.delayMinutes);
    if (!Number.isInteger(d) || d < 1 || d > maxDelayMinutes)
      e[`levels.${i}.delayMinutes`] = `Enter whole minutes from 1 to ${maxDelayMinutes}.`;
  });
  return e;
}

/** Creates or edits an escalation policy: its levels, how often it repeats, and whether it is the default. */
export function PolicyFormDialog({
  open,
  policy,
  onClose,
}: {
  open: boolean;
  policy?: Policy;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [name, setName] = useState(policy?.name ?? '');
  const [description, setDescription] = useState(policy?.description ?? '');
  const [repeat, setRepeat] = useState(String(policy?.repeat ?? 0));
  const [isDefault, setIsDefault] = useState(policy?.isDefault ?? false);
  const [levels, setLevels] = useState<LevelDraft[]>(
    policy?.levels.map((l) => ({ targets: l.targets, delayMinutes: String(l.delayMinutes) })) ?? [
      { delayMinutes: '15', targets: [] },
    ],
  );
  const f = useFormErrors(fields);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        description: description.trim(),
        repeat: Number(repeat),
        // On create, unticked means "not asked": the server makes the first policy the default.
        ...(policy || isDefault ? { isDefault } : {}),
        levels: levels.map((l) => ({
          delayMinutes: Number(l.delayMinutes),
          targets: l.targets.map((t) => ({ type: t.type, id: t.id })),
        })),
      };
      return policy ? policiesApi.update(policy.id, body) : policiesApi.create(body);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [policiesKey] });
      void client.invalidateQueries({ queryKey: ['services'] });
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(check(name, levels))) save.mutate();
  };

  return (
    <Dialog
      open={open}
      title={policy ? `Edit ${policy.name}` : 'New escalation policy'}
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
          value={name}
          maxLength={200}
          error={f.errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={2}
          value={description}
          error={f.errors.description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <LevelRows levels={levels} errors={f.errors} policyId={policy?.id} onChange={setLevels} />
        <div className="field-row">
          <SelectField
            label="When the last level gets no acknowledgement"
            name="repeat"
            value={repeat}
            error={f.errors.repeat}
            options={Array.from({ length: maxRepeat + 1 }, (_, n) => ({
              value: String(n),
              label: n === 0 ? 'Stop' : `Start again from level 1 (${n} ${n === 1 ? 'time' : 'times'})`,
            }))}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </div>
        <CheckboxField
          label="Default policy"
          name="isDefault"
          checked={isDefault}
          error={f.errors.isDefault}
          hint="Services that name no policy use the default one. Only one policy is the default; the first policy becomes it anyway."
          onChange={(e) => setIsDefault(e.target.checked)}
        />
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {policy ? 'Save policy' : 'Create policy'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
