import { Button } from '../../components/button.js';
import { CheckboxField, SelectField, TextField } from '../../components/field.js';
import type { Service } from '../../lib/types.js';
import type { Errors } from '../../lib/validate.js';
import { alertPriorities, alertSeverities } from './routing-rules.api.js';

export interface ActionsForm {
  serviceId: string;
  severity: string;
  priority: string;
  labels: { key: string; value: string }[];
  suppress: boolean;
}

export const actionErrorFields = [
  'actions',
  'actions.serviceId',
  'actions.severity',
  'actions.priority',
  'actions.labels',
  'actions.suppress',
];

/** What a matching rule does: route (global rules only), set severity or priority, add labels, suppress. */
export function ActionFields({
  value,
  global,
  services,
  errors,
  onChange,
}: {
  value: ActionsForm;
  global: boolean;
  services: Service[];
  errors: Errors;
  onChange: (next: ActionsForm) => void;
}) {
  const set = (patch: Partial<ActionsForm>): void => onChange({ ...value, ...patch });
  const setLabel = (i: number, patch: Partial<{ key: string; value: string }>): void =>
    set({ labels: value.labels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  return (
    <fieldset className="fieldset">
      <legend>Then</legend>
      {errors.actions ? (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors.actions}
        </p>
      ) : null}
      {global ? (
        <SelectField
          label="Route to service"
          name="actions.serviceId"
          value={value.serviceId}
          error={errors['actions.serviceId']}
          hint="The alert then belongs to that service, and its rules run next."
          options={[
            { value: '', label: 'Keep the service it came in on' },
            ...services.map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => set({ serviceId: e.target.value })}
        />
      ) : null}
      <div className="field-row">
        <SelectField
          label="Set severity"
          name="actions.severity"
          value={value.severity}
          error={errors['actions.severity']}
          options={[{ value: '', label: 'Keep as sent' }, ...alertSeverities]}
          onChange={(e) => set({ severity: e.target.value })}
        />
        <SelectField
          label="Set priority"
          name="actions.priority"
          value={value.priority}
          error={errors['actions.priority']}
          options={[{ value: '', label: 'Keep as sent' }, ...alertPriorities]}
          onChange={(e) => set({ priority: e.target.value })}
        />
      </div>
      <div className="field">
        <span className="field-label">Add labels</span>
        {errors['actions.labels'] ? (
          <p className="field-error">
            <span aria-hidden="true">⚠ </span>
            {errors['actions.labels']}
          </p>
        ) : null}
        <ol className="label-rows">
          {value.labels.map((l, i) => (
            <li key={i} className="label-row">
              <TextField
                label={`Added label ${i + 1} name`}
                name={`actions.labels.${i}.key`}
                autoComplete="off"
                value={l.key}
                onChange={(e) => setLabel(i, { key: e.target.value })}
              />
              <TextField
                label={`Added label ${i + 1} value`}
                name={`actions.labels.${i}.value`}
                autoComplete="off"
                value={l.value}
                onChange={(e) => setLabel(i, { value: e.target.value })}
              />
              <Button
                size="sm"
                variant="ghost"
                className="row-remove"
                aria-label={`Remove added label ${i + 1}`}
                onClick={() => set({ labels: value.labels.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </li>
          ))}
        </ol>
        <div className="form-actions form-actions-start">
          <Button size="sm" onClick={() => set({ labels: [...value.labels, { key: '', value: '' }] })}>
            + Add label
          </Button>
        </div>
      </div>
      <CheckboxField
        label="Suppress: record the alert but page nobody"
        name="actions.suppress"
        checked={value.suppress}
        error={errors['actions.suppress']}
        onChange={(e) => set({ suppress: e.target.checked })}
      />
    </fieldset>
  );
}
