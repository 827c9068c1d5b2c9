import { useMemo } from 'react';
import { timeZones } from '../lib/format.js';
import { SelectField } from './field.js';

/** An IANA time zone picker; keeps an unknown current value selectable. */
export function TimeZoneField({
  value,
  onChange,
  error,
  label = 'Time zone',
  disabled,
  hint = 'Times in Keel are shown in this zone in notifications and schedules.',
}: {
  value: string;
  onChange: (tz: string) => void;
  error?: string | undefined;
  label?: string;
  disabled?: boolean;
  hint?: string;
}) {
  const options = useMemo(() => {
    const all = timeZones();
    return all.includes(value) || !value ? all : [value, ...all];
  }, [value]);
  return (
    <SelectField
      label={label}
      name="timeZone"
      value={value}
      error={error}
      disabled={disabled}
      hint={hint}
      options={options}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
