import { useQueries } from '@tanstack/react-query';
import type { User } from '../../lib/types.js';
import { usersApi, usersKey } from '../users/users.api.js';

/**
 * Names for user ids (incidents carry only ids): one cached request per person, shared with the
 * user pages, so a list with the same few assignees on every row asks once per person.
 */
export function usePeople(ids: readonly (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort();
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: [usersKey, 'detail', id],
      queryFn: () => usersApi.get(id),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const byId = new Map<string, User | null>();
  unique.forEach((id, i) => {
    const r = results[i];
    if (r?.data) byId.set(id, r.data);
    else if (r?.isError) byId.set(id, null);
  });
  /** The person's name; "…" while loading, "Removed user" when they are gone. */
  const name = (id: string): string => {
    const u = byId.get(id);
    return u === undefined ? '…' : u === null ? 'Removed user' : u.name;
  };
  return { byId, name };
}
