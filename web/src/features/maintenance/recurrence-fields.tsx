import { SelectField, TextField } from '../../components/field.js';
import type { Errors } from '../../lib/validate.js';
import { frequencies, type Frequency } from './maintenance.api.js';

export interface RecurrenceForm {
  frequency: Frequency;
  interval: string;
  /** Local date-time in the window's zone; '' for no end. */
  until: string;
}

const frequencyLabels: Record<Frequency, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };
const unitOf: Record<Frequency, string> = { daily: 'days', weekly: 'weeks', monthly: 'months' };

/** How a recurring window repeats: every N days/weeks/months, optionally until a date. */
export function RecurrenceFields({
  value,
  errors,
  onChange,
}: {
  value: RecurrenceForm;
  errors: Errors;
  onChange: (next: RecurrenceForm) => void;
}) {
  return (
    <div className="field-row field-row-3">
      <SelectField
        label="Repeats"
        name="recurrence.frequency"
        value={value.frequency}
        error={errors['recurrence.frequency']}
        options={frequencies.map((f) => ({ value: f, label: frequencyLabels[f] }))}
        onChange={(e) => onChange({ ...value, frequency: e.target.value as Frequency })}
      />
      <TextField
        label={`Every how many ${unitOf[value.frequency]}`}
        name="recurrence.interval"
        type="number"
        min={1}
        max={366}
        value={value.interval}
        error={errors['recurrence.interval']}
        onChange={(e) => onChange({ ...value, interval: e.target.value })}
      />
      <TextField
        label="Until (optional)"
        name="recurrence.until"
        type="datetime-local"
        value={value.until}
        error={errors['recurrence.until']}
        onChange={(e) => onChange({ ...value, until: e.target.value })}
      />
    </div>
  );
}
