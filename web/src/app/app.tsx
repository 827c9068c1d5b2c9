import { useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setUnauthenticatedHandler } from '../lib/api.js';
import { LiveProvider, type LiveEventType } from '../lib/live.js';
import { alertsKey } from '../features/alerts/alerts.api.js';
import { incidentsKey } from '../features/incidents/incidents.api.js';
import { ResetPasswordPage } from '../features/auth/reset-password-page.js';
import { SetupPage } from '../features/auth/setup-page.js';
import { SignInPage } from '../features/auth/sign-in-page.js';
import { Routes } from '../routes/routes.js';
import { LoadError, Loading } from '../components/query-state.js';
import { navigate, useLocation } from './router.js';
import { MeProvider, safeNext, setupKey, signedOut, useMeQuery } from './session.js';
import { Shell } from './shell.js';

/** Which cached queries each live event makes stale (by their first key segment). */
const liveInvalidates: Record<LiveEventType, readonly string[]> = {
  'incident.changed': [incidentsKey],
  'alert.changed': [alertsKey],
};

/** Pages anyone can open without a session. */
const publicPaths = new Set(['/sign-in', '/setup', '/reset-password']);

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Splash({ children }: { children: ReactNode }) {
  return <div className="splash">{children}</div>;
}

/**
 * Decides what the URL may show: first-run setup until an owner exists, the public auth pages,
 * and otherwise the app shell for a signed-in user (or a redirect to sign-in).
 */
export function App() {
  const client = useQueryClient();
  const { pathname, search } = useLocation();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      signedOut(client);
      const here = window.location.pathname + window.location.search;
      if (!publicPaths.has(window.location.pathname))
        navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [client]);

  const setup = useQuery({
    queryKey: setupKey,
    queryFn: () => api<{ needsSetup: boolean }>('/api/v1/setup', { quiet401: true }),
    staleTime: Infinity,
  });
  const me = useMeQuery();

  if (setup.isPending || me.isPending) {
    return (
      <Splash>
        <Loading label="Loading Keel…" />
      </Splash>
    );
  }
  if (setup.isError || me.isError) {
    return (
      <Splash>
        <LoadError
          error={setup.error ?? me.error}
          onRetry={() => void (setup.isError ? setup.refetch() : me.refetch())}
        />
      </Splash>
    );
  }

  if (setup.data.needsSetup) return pathname === '/setup' ? <SetupPage /> : <Redirect to="/setup" />;
  if (pathname === '/setup') return <Redirect to="/" />;
  if (pathname === '/reset-password') return <ResetPasswordPage />;

  const user = me.data;
  if (!user) {
    if (pathname === '/sign-in') return <SignInPage />;
    return (
      <Redirect
        to={`/sign-in?next=${encodeURIComponent(pathname + (search.size ? `?${search.toString()}` : ''))}`}
      />
    );
  }
  if (pathname === '/sign-in') return <Redirect to={safeNext(search.get('next'))} />;

  return (
    <MeProvider me={user}>
      <LiveProvider invalidates={liveInvalidates}>
        <Shell>
          <Routes />
        </Shell>
      </LiveProvider>
    </MeProvider>
  );
}
