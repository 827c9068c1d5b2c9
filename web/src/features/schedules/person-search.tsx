import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage, withQuery } from '../../lib/api.js';
import type { Page, User } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { SearchBox } from '../../components/search-box.js';

/**
 * Finds people by a search on the server (so it scales to any number of users) and offers a
 * button per match. `picked` ids show as already chosen, or, with `allowRepeat` (a rotation may
 * list a person more than once), as "Add again".
 */
export function PersonSearch({
  label = 'Find people by name or email',
  actionLabel = 'Add',
  picked = [],
  allowRepeat = false,
  onPick,
}: {
  label?: string;
  actionLabel?: string;
  picked?: readonly string[];
  allowRepeat?: boolean;
  onPick: (user: User) => void;
}) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['users', 'list', { q, limit: 8 }],
    queryFn: ({ signal }) => api<Page<User>>(withQuery('/api/v1/users', { q, limit: 8 }), { signal }),
    enabled: q.length > 0,
  });
  return (
    <div className="person-search">
      <SearchBox label={label} placeholder={`${label}…`} onSearch={setQ} />
      {q === '' ? (
        <p className="muted small">Type a name or email.</p>
      ) : found.isPending ? (
        <p className="muted small">Searching…</p>
      ) : found.isError ? (
        <Alert tone="error">{errorMessage(found.error)}</Alert>
      ) : found.data.items.length === 0 ? (
        <p className="muted small">No one matches “{q}”. People are added in Settings → Users.</p>
      ) : (
        <ul className="pick-list person-picks" aria-label="Matching people">
          {found.data.items.map((u) => (
            <li key={u.id}>
              <span className="person-pick-name">
                <strong>{u.name}</strong> <span className="mono-soft">{u.email}</span>
              </span>
              {picked.includes(u.id) && allowRepeat ? (
                <Button size="sm" aria-label={`${actionLabel} ${u.name} again`} onClick={() => onPick(u)}>
                  {actionLabel} again
                </Button>
              ) : (
                <Button
                  size="sm"
                  aria-label={`${actionLabel} ${u.name}`}
                  disabled={picked.includes(u.id)}
                  onClick={() => onPick(u)}
                >
                  {picked.includes(u.id) ? 'Added' : actionLabel}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
