import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../lib/api.js';
import type { Me, Role, User } from '../lib/types.js';

/**
 * Who is signed in. `['me']` holds the user (with the CSRF token) or null when signed out. Pages
 * inside the app shell read it with useMe(), which never returns null there.
 */
export const meKey = ['me'] as const;
export const setupKey = ['setup'] as const;

/** Only same-site paths, so `?next=` cannot send people elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/v1/me', { quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** After sign-in or setup: remember the token and the user without another round trip. */
export function signedIn(client: QueryClient, user: User, csrfToken: string): void {
  setCsrfToken(csrfToken);
  const me: Me = { ...user, csrfToken };
  client.setQueryData<Me | null>(meKey, me);
}

/** After sign-out or a lost session: forget everything cached for the previous user. */
export function signedOut(client: QueryClient): void {
  setCsrfToken(null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' && q.queryKey[0] !== 'me' });
  client.setQueryData(meKey, null);
}

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside the signed-in app');
  return me;
}

/** Owners and admins manage people, teams and read the audit log; the server enforces it too. */
export function canManage(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** Owners, admins and responders create and change services; stakeholders and viewers only read. */
export function canRespond(role: Role): boolean {
  return role === 'owner' || role === 'admin' || role === 'responder';
}
