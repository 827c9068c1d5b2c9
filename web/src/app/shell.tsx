import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { initials, roleLabels } from '../lib/format.js';
import { Link, navigate } from './router.js';
import { canManage, signedOut, useMe } from './session.js';
import { ThemeToggle } from './theme-toggle.js';

/** The signed-in layout: navigation on the left (only areas that exist), the page on the right. */
export function Shell({ children }: { children: ReactNode }) {
  const me = useMe();
  const client = useQueryClient();
  const logout = useMutation({
    mutationFn: () => api<void>('/api/v1/auth/logout', { method: 'POST' }),
    onSettled: () => {
      signedOut(client);
      navigate('/sign-in');
    },
  });

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar-inner">
          <Link to="/" className="brand" aria-label="Keel home">
            <img src="/favicon.svg" alt="" width="24" height="24" />
            <span>Keel</span>
          </Link>
          <nav aria-label="Main" className="nav">
            <ul>
              <li>
                <Link to="/incidents" matchPrefix>
                  Incidents
                </Link>
              </li>
              <li>
                <Link to="/alerts" matchPrefix>
                  Alerts
                </Link>
              </li>
              <li>
                <Link to="/services" matchPrefix>
                  Services
                </Link>
              </li>
              <li>
                <Link to="/monitors" matchPrefix>
                  Monitors
                </Link>
              </li>
              <li>
                <Link to="/silences">Silences</Link>
              </li>
              <li>
                <Link to="/maintenance">Maintenance</Link>
              </li>
              <li>
                <Link to="/routing-rules">Routing rules</Link>
              </li>
              <li>
                <Link to="/schedules" matchPrefix>
                  Schedules
                </Link>
              </li>
              <li>
                <Link to="/escalation-policies">Escalation policies</Link>
              </li>
              <li>
                <Link to="/">Home</Link>
              </li>
            </ul>
            <p className="nav-heading" id="nav-settings">
              Settings
            </p>
            <ul aria-labelledby="nav-settings">
              <li>
                <Link to="/settings/users" matchPrefix>
                  Users
                </Link>
              </li>
              <li>
                <Link to="/settings/teams" matchPrefix>
                  Teams
                </Link>
              </li>
              <li>
                <Link to="/settings/api-keys">API keys</Link>
              </li>
              {canManage(me.role) ? (
                <li>
                  <Link to="/settings/incident-categories">Incident categories</Link>
                </li>
              ) : null}
              {canManage(me.role) ? (
                <li>
                  <Link to="/settings/audit">Audit log</Link>
                </li>
              ) : null}
              {canManage(me.role) ? (
                <li>
                  <Link to="/settings/deliveries">Deliveries</Link>
                </li>
              ) : null}
              {canManage(me.role) ? (
                <li>
                  <Link to="/settings/webhooks">Webhooks</Link>
                </li>
              ) : null}
              <li>
                <Link to="/account">Account</Link>
              </li>
            </ul>
            <p className="nav-heading" id="nav-dev">
              Developers
            </p>
            <ul aria-labelledby="nav-dev">
              <li>
                <Link to="/api-reference">API reference</Link>
              </li>
            </ul>
          </nav>
          <div className="sidebar-footer">
            <div className="whoami">
              <span className="avatar" aria-hidden="true">
                {initials(me.name)}
              </span>
              <span className="whoami-text">
                <span className="whoami-name">{me.name}</span>
                <span className="whoami-role">{roleLabels[me.role] ?? me.role}</span>
              </span>
            </div>
            <div className="sidebar-actions">
              <ThemeToggle />
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => logout.mutate()}
                disabled={logout.isPending}
              >
                {logout.isPending ? 'Signing out…' : 'Sign out'}
              </button>
            </div>
          </div>
        </div>
      </aside>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}
