import { useId, type ReactNode } from 'react';
import type { Grouping } from '../../lib/types.js';
import type { Errors } from '../../lib/validate.js';
import type { SettingsDraft } from './settings-model.js';

const modes: { mode: Grouping['mode']; label: string; help: string }[] = [
  {
    mode: 'alert',
    label: 'One incident per alert',
    help: 'Every new alert opens its own incident. Repeats of the same alert (same dedup key) join it.',
  },
  {
    mode: 'labels',
    label: 'Group by labels',
    help: 'Alerts with the same values for these labels join one open incident.',
  },
  {
    mode: 'time_window',
    label: 'Group within a time window',
    help: 'Alerts that arrive while an incident is open and younger than the window join it.',
  },
];

/** How alerts become incidents: a radio group, with the labels or window input under its choice. */
export function GroupingField({
  draft,
  errors,
  onChange,
}: {
  draft: SettingsDraft;
  errors: Errors;
  onChange: (patch: Partial<SettingsDraft>) => void;
}) {
  const id = useId();
  return (
    <fieldset className="fieldset" aria-describedby={errors.grouping ? `${id}-error` : undefined}>
      <legend>Grouping</legend>
      {modes.map((m) => (
        <div key={m.mode} className="radio-option">
          <label className="check-row">
            <input
              type="radio"
              name={`${id}-grouping`}
              value={m.mode}
              checked={draft.mode === m.mode}
              onChange={() => onChange({ mode: m.mode })}
            />
            <span>
              <span className="radio-label">{m.label}</span>
              <span className="field-hint radio-help">{m.help}</span>
            </span>
          </label>
          {draft.mode === 'labels' && m.mode === 'labels' ? (
            <Nested
              id={`${id}-labels`}
              label="Label names"
              error={errors.labels}
              hint="Comma-separated, e.g. alertname, cluster"
            >
              <input
                id={`${id}-labels`}
                name="labels"
                value={draft.labels}
                autoComplete="off"
                aria-invalid={errors.labels ? true : undefined}
                aria-describedby={`${id}-labels-hint${errors.labels ? ` ${id}-labels-error` : ''}`}
                onChange={(e) => onChange({ labels: e.target.value })}
              />
            </Nested>
          ) : null}
          {draft.mode === 'time_window' && m.mode === 'time_window' ? (
            <Nested
              id={`${id}-window`}
              label="Window (minutes)"
              error={errors.windowMinutes}
              hint="1 to 1,440 minutes"
            >
              <input
                id={`${id}-window`}
                name="windowMinutes"
                type="number"
                inputMode="numeric"
                min={1}
                max={1440}
                className="input-minutes"
                value={draft.windowMinutes}
                aria-invalid={errors.windowMinutes ? true : undefined}
                aria-describedby={`${id}-window-hint${errors.windowMinutes ? ` ${id}-window-error` : ''}`}
                onChange={(e) => onChange({ windowMinutes: e.target.value })}
              />
            </Nested>
          ) : null}
        </div>
      ))}
      {errors.grouping ? (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors.grouping}
        </p>
      ) : null}
    </fieldset>
  );
}

function Nested({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="field radio-nested">
      <label htmlFor={id}>{label}</label>
      {children}
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
