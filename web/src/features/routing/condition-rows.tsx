import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import type { Errors } from '../../lib/validate.js';
import {
  conditionFields,
  conditionOps,
  fieldLabels,
  opLabels,
  takesKey,
  takesValue,
  type ConditionField,
  type ConditionOp,
} from './routing-rules.api.js';

export interface ConditionRow {
  field: ConditionField;
  key: string;
  op: ConditionOp;
  value: string;
}

export const maxConditions = 50;
export const conditionErrorFields = Array.from({ length: maxConditions }, (_, i) =>
  ['field', 'key', 'op', 'value'].map((k) => `conditions.${i}.${k}`),
).flat();

/** The condition builder: one row per test on the alert's source, severity, summary, a label or a detail. */
export function ConditionRows({
  rows,
  match,
  errors,
  onChange,
  onMatch,
}: {
  rows: ConditionRow[];
  match: 'all' | 'any';
  errors: Errors;
  onChange: (rows: ConditionRow[]) => void;
  onMatch: (m: 'all' | 'any') => void;
}) {
  const set = (i: number, patch: Partial<ConditionRow>): void =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="fieldset">
      <legend>Conditions</legend>
      {rows.length === 0 ? (
        <p className="field-hint">No conditions: the rule applies to every alert. Add one to narrow it.</p>
      ) : (
        <SelectField
          label="Match"
          name="match"
          value={match}
          error={errors.match}
          options={[
            { value: 'all', label: 'All conditions (and)' },
            { value: 'any', label: 'Any condition (or)' },
          ]}
          onChange={(e) => onMatch(e.target.value as 'all' | 'any')}
        />
      )}
      <ol className="condition-rows">
        {rows.map((r, i) => (
          <li key={i} className="condition-row">
            <SelectField
              label={`Field ${i + 1}`}
              name={`conditions.${i}.field`}
              value={r.field}
              error={errors[`conditions.${i}.field`]}
              options={conditionFields.map((f) => ({ value: f, label: fieldLabels[f] }))}
              onChange={(e) => set(i, { field: e.target.value as ConditionField })}
            />
            {takesKey(r.field) ? (
              <TextField
                label={r.field === 'label' ? `Label name ${i + 1}` : `Detail path ${i + 1}`}
                name={`conditions.${i}.key`}
                placeholder={r.field === 'label' ? 'env' : 'host.region'}
                autoComplete="off"
                value={r.key}
                error={errors[`conditions.${i}.key`]}
                onChange={(e) => set(i, { key: e.target.value })}
              />
            ) : null}
            <SelectField
              label={`Operator ${i + 1}`}
              name={`conditions.${i}.op`}
              value={r.op}
              error={errors[`conditions.${i}.op`]}
              options={conditionOps.map((o) => ({ value: o, label: opLabels[o] }))}
              onChange={(e) => set(i, { op: e.target.value as ConditionOp })}
            />
            {takesValue(r.op) ? (
              <TextField
                label={`Value ${i + 1}`}
                name={`conditions.${i}.value`}
                autoComplete="off"
                value={r.value}
                error={errors[`conditions.${i}.value`]}
                onChange={(e) => set(i, { value: e.target.value })}
              />
            ) : null}
            <Button
              size="sm"
              variant="ghost"
              className="row-remove"
              aria-label={`Remove condition ${i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="form-actions form-actions-start">
        <Button
          size="sm"
          disabled={rows.length >= maxConditions}
          onClick={() => onChange([...rows, { field: 'severity', key: '', op: 'equals', value: '' }])}
        >
          + Add condition
        </Button>
      </div>
    </fieldset>
  );
}
