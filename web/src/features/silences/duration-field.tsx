import { SelectField, TextField } from '../../components/field.js';

/** Preset lengths, in minutes; 'custom' shows an end time. */
export const durations = [
  { value: '30', label: '30 minutes' },
  { value: '60', label: '1 hour' },
  { value: '120', label: '2 hours' },
  { value: '240', label: '4 hours' },
  { value: '480', label: '8 hours' },
  { value: '1440', label: '1 day' },
  { value: '4320', label: '3 days' },
  { value: '10080', label: '1 week' },
  { value: 'custom', label: 'Until a date and time…' },
] as const;

/** How long a silence lasts: a preset, or an end time (in the browser's time zone). */
export function DurationField({
  duration,
  customEnd,
  error,
  onDuration,
  onCustomEnd,
}: {
  duration: string;
  customEnd: string;
  error?: string | undefined;
  onDuration: (v: string) => void;
  onCustomEnd: (v: string) => void;
}) {
  return (
    <div className="field-row">
      <SelectField
        label="Duration"
        name="duration"
        value={duration}
        error={duration === 'custom' ? undefined : error}
        options={durations}
        onChange={(e) => onDuration(e.target.value)}
      />
      {duration === 'custom' ? (
        <TextField
          label="Ends at"
          name="endsAt"
          type="datetime-local"
          value={customEnd}
          error={error}
          onChange={(e) => onCustomEnd(e.target.value)}
        />
      ) : null}
    </div>
  );
}

/** The end instant for a preset or a custom local end; null when the custom end is not filled in. */
export function endOf(startMs: number, duration: string, customEnd: string): string | null {
  if (duration !== 'custom') return new Date(startMs + Number(duration) * 60_000).toISOString();
  if (!customEnd) return null;
  const t = new Date(customEnd).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
