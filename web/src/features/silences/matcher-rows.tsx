import { useId } from 'react';
import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import type { Errors } from '../../lib/validate.js';
import { matcherOps, opLabels, pseudoLabels, type Matcher } from './silences.api.js';

export const maxMatchers = 30;
/** Form field names for matcher `i`, as the server's issue paths name them. */
export const matcherFields = Array.from({ length: maxMatchers }, (_, i) => [
  `matchers.${i}.label`,
  `matchers.${i}.op`,
  `matchers.${i}.value`,
]).flat();

/**
 * The matcher rows of a silence: label, operator, value. Label names are suggested from
 * `knownLabels` (the alert's own, when silencing similar alerts) and the pseudo-labels.
 */
export function MatcherRows({
  matchers,
  errors,
  knownLabels,
  onChange,
}: {
  matchers: Matcher[];
  errors: Errors;
  knownLabels: readonly string[];
  onChange: (next: Matcher[]) => void;
}) {
  const listId = useId();
  const set = (i: number, patch: Partial<Matcher>): void =>
    onChange(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const suggestions = [...new Set([...pseudoLabels, ...knownLabels])];
  return (
    <fieldset className="fieldset">
      <legend>Matchers</legend>
      <p className="field-hint">
        Alerts whose labels match every row are silenced. Besides the alert’s own labels you can use{' '}
        <code>service</code>, <code>severity</code> and <code>source</code>. Regular expressions match the
        whole value.
      </p>
      {errors.matchers ? (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors.matchers}
        </p>
      ) : null}
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <ol className="matcher-rows">
        {matchers.map((m, i) => (
          <li key={i} className="matcher-row">
            <TextField
              label={`Label ${i + 1}`}
              name={`matchers.${i}.label`}
              list={listId}
              autoComplete="off"
              value={m.label}
              error={errors[`matchers.${i}.label`]}
              onChange={(e) => set(i, { label: e.target.value })}
            />
            <SelectField
              label={`Operator ${i + 1}`}
              name={`matchers.${i}.op`}
              value={m.op}
              error={errors[`matchers.${i}.op`]}
              options={matcherOps.map((op) => ({ value: op, label: opLabels[op] }))}
              onChange={(e) => set(i, { op: e.target.value as Matcher['op'] })}
            />
            <TextField
              label={`Value ${i + 1}`}
              name={`matchers.${i}.value`}
              autoComplete="off"
              value={m.value}
              error={errors[`matchers.${i}.value`]}
              onChange={(e) => set(i, { value: e.target.value })}
            />
            <Button
              size="sm"
              variant="ghost"
              className="row-remove"
              aria-label={`Remove matcher ${i + 1}`}
              disabled={matchers.length === 1}
              onClick={() => onChange(matchers.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="form-actions form-actions-start">
        <Button
          size="sm"
          disabled={matchers.length >= maxMatchers}
          onClick={() => onChange([...matchers, { label: '', op: '=', value: '' }])}
        >
          + Add matcher
        </Button>
      </div>
    </fieldset>
  );
}
