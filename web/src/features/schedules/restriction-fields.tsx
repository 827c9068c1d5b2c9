import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import { weekdays, type Restriction, type Weekday, type WeeklyWindow } from './schedules.api.js';

const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const dayOptions = weekdays.map((d) => ({ value: d, label: dayNames[d] }));
const workWeek: WeeklyWindow = { fromDay: 'mon', from: '09:00', toDay: 'fri', to: '17:00' };

/**
 * When a layer may be on call: always, every day between two local times, or in weekly windows
 * (e.g. Monday 09:00 to Friday 17:00). An end at or before the start wraps midnight or the week.
 */
export function RestrictionFields({
  value,
  error,
  onChange,
}: {
  value: Restriction | null;
  error?: string | undefined;
  onChange: (next: Restriction | null) => void;
}) {
  const kind = value?.kind ?? 'none';
  const setWindow = (i: number, patch: Partial<WeeklyWindow>): void => {
    if (value?.kind !== 'weekly') return;
    onChange({ kind: 'weekly', windows: value.windows.map((w, j) => (j === i ? { ...w, ...patch } : w)) });
  };
  return (
    <fieldset className="fieldset">
      <legend>Restrictions</legend>
      <SelectField
        label="On call"
        name="restrictions.kind"
        value={kind}
        hint="Outside these times this layer covers nothing, and lower layers (or nobody) take over."
        options={[
          { value: 'none', label: 'At all times' },
          { value: 'daily', label: 'Every day between two times' },
          { value: 'weekly', label: 'In weekly windows' },
        ]}
        onChange={(e) => {
          const k = e.target.value;
          onChange(
            k === 'daily'
              ? { kind: 'daily', from: '09:00', to: '17:00' }
              : k === 'weekly'
                ? { kind: 'weekly', windows: [workWeek] }
                : null,
          );
        }}
      />
      {value?.kind === 'daily' ? (
        <div className="field-row">
          <TextField
            label="From"
            name="restrictions.from"
            type="time"
            value={value.from}
            onChange={(e) => onChange({ ...value, from: e.target.value })}
          />
          <TextField
            label="To"
            name="restrictions.to"
            type="time"
            value={value.to}
            onChange={(e) => onChange({ ...value, to: e.target.value })}
          />
        </div>
      ) : null}
      {value?.kind === 'weekly' ? (
        <ol className="window-rows">
          {value.windows.map((w, i) => (
            <li key={i} className="window-row">
              <SelectField
                label={`Window ${i + 1} from`}
                name={`windows.${i}.fromDay`}
                value={w.fromDay}
                options={dayOptions}
                onChange={(e) => setWindow(i, { fromDay: e.target.value as Weekday })}
              />
              <TextField
                label={`Start time ${i + 1}`}
                name={`windows.${i}.from`}
                type="time"
                value={w.from}
                onChange={(e) => setWindow(i, { from: e.target.value })}
              />
              <SelectField
                label={`Window ${i + 1} to`}
                name={`windows.${i}.toDay`}
                value={w.toDay}
                options={dayOptions}
                onChange={(e) => setWindow(i, { toDay: e.target.value as Weekday })}
              />
              <TextField
                label={`End time ${i + 1}`}
                name={`windows.${i}.to`}
                type="time"
                value={w.to}
                onChange={(e) => setWindow(i, { to: e.target.value })}
              />
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove window ${i + 1}`}
                disabled={value.windows.length === 1}
                onClick={() => onChange({ kind: 'weekly', windows: value.windows.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </li>
          ))}
          <li>
            <Button
              size="sm"
              onClick={() => onChange({ kind: 'weekly', windows: [...value.windows, workWeek] })}
            >
              + Add window
            </Button>
          </li>
        </ol>
      ) : null}
      {error ? (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
