import { useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { SearchBox } from '../../components/search-box.js';
import { monitorsApi, monitorsKey, type Monitor } from './monitors.api.js';

/**
 * The monitors this one depends on: chips to remove, and a name search on the server to add more
 * (there may be 10,000 monitors, so nothing lists them all).
 */
export function DependencyPicker({
  selfId,
  value,
  error,
  onChange,
}: {
  selfId: string | undefined;
  value: string[];
  error?: string | undefined;
  onChange: (ids: string[]) => void;
}) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: [monitorsKey, 'choices', q],
    queryFn: ({ signal }) => api<Page<Monitor>>(withQuery('/api/v1/monitors', { q, limit: 8 }), { signal }),
    placeholderData: (prev) => prev,
  });
  const named = useQueries({
    queries: value.map((id) => ({
      queryKey: [monitorsKey, 'detail', id],
      queryFn: () => monitorsApi.get(id),
    })),
  });
  const nameOf = (id: string): string => named.find((n) => n.data?.id === id)?.data?.name ?? id;
  const choices = (found.data?.items ?? []).filter((m) => m.id !== selfId && !value.includes(m.id));

  return (
    <fieldset className="fieldset">
      <legend>Depends on</legend>
      <p className="field-hint">
        While one of these is down, this monitor shows “Dependency down” and pages nobody.
      </p>
      {value.length ? (
        <ul className="chip-list">
          {value.map((id) => (
            <li key={id} className="chip">
              {nameOf(id)}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove dependency ${nameOf(id)}`}
                onClick={() => onChange(value.filter((d) => d !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {/* Enter in the search must not submit the monitor form. */}
      <div onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}>
        <SearchBox
          label="Find a monitor to depend on"
          placeholder="Find a monitor by name…"
          onSearch={setQ}
        />
      </div>
      {choices.length ? (
        <ul className="chip-list" aria-label="Matching monitors">
          {choices.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => onChange([...value, m.id])}
              >
                + {m.name}
              </button>
            </li>
          ))}
        </ul>
      ) : found.data ? (
        <p className="muted small">{q ? 'No other monitor matches.' : 'No other monitors yet.'}</p>
      ) : null}
    </fieldset>
  );
}
