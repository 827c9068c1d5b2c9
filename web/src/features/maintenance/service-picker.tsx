import { useId, useState } from 'react';
import type { Service } from '../../lib/types.js';

/** Which services a window covers: a filterable list of checkboxes (up to the 500 services loaded). */
export function ServicePicker({
  services,
  selected,
  error,
  onChange,
}: {
  services: Service[];
  selected: string[];
  error?: string | undefined;
  onChange: (ids: string[]) => void;
}) {
  const [filter, setFilter] = useState('');
  const id = useId();
  const shown = services.filter((s) => s.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (sid: string, on: boolean): void =>
    onChange(on ? [...selected, sid] : selected.filter((x) => x !== sid));
  return (
    <fieldset className="fieldset" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Services</legend>
      <input
        type="search"
        className="picker-filter"
        placeholder="Filter services…"
        aria-label="Filter services"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <ul className="picker-list">
        {shown.map((s) => (
          <li key={s.id}>
            <label className="check-row">
              <input
                type="checkbox"
                checked={selected.includes(s.id)}
                aria-invalid={error ? true : undefined}
                onChange={(e) => toggle(s.id, e.target.checked)}
              />
              {s.name}
            </label>
          </li>
        ))}
        {shown.length === 0 ? <li className="muted small">No service matches.</li> : null}
      </ul>
      <p className="field-hint">
        {selected.length === 1 ? '1 service selected' : `${selected.length} services selected`}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
