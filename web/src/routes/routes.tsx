import { Fragment, type ReactNode } from 'react';
import { Link, matchPath, useLocation } from '../app/router.js';
import { canManage, useMe } from '../app/session.js';
import { EmptyState } from '../components/empty-state.js';
import { PageHeader } from '../components/page-header.js';
import { AccountPage } from '../features/account/account-page.js';
import { AlertDetailPage } from '../features/alerts/alert-detail-page.js';
import { AlertsPage } from '../features/alerts/alerts-page.js';
import { ApiKeysPage } from '../features/api-keys/api-keys-page.js';
import { ApiReferencePage } from '../features/api-reference/api-reference-page.js';
import { AuditPage } from '../features/audit/audit-page.js';
import { DeliveriesPage } from '../features/deliveries/deliveries-page.js';
import { EscalationPoliciesPage } from '../features/escalation-policies/escalation-policies-page.js';
import { HomePage } from '../features/home/home-page.js';
import { IncidentCategoriesPage } from '../features/incident-categories/incident-categories-page.js';
import { IncidentDetailPage } from '../features/incidents/incident-detail-page.js';
import { IncidentsPage } from '../features/incidents/incidents-page.js';
import { MaintenancePage } from '../features/maintenance/maintenance-page.js';
import { MonitorDetailPage } from '../features/monitors/monitor-detail-page.js';
import { MonitorsPage } from '../features/monitors/monitors-page.js';
import { RoutingRulesPage } from '../features/routing/routing-rules-page.js';
import { ScheduleDetailPage } from '../features/schedules/schedule-detail-page.js';
import { SchedulesPage } from '../features/schedules/schedules-page.js';
import { ServiceDetailPage } from '../features/services/service-detail-page.js';
import { ServicesPage } from '../features/services/services-page.js';
import { SilencesPage } from '../features/silences/silences-page.js';
import { TeamDetailPage } from '../features/teams/team-detail-page.js';
import { TeamsPage } from '../features/teams/teams-page.js';
import { UserDetailPage } from '../features/users/user-detail-page.js';
import { UsersPage } from '../features/users/users-page.js';
import { WebhooksPage } from '../features/webhooks/webhooks-page.js';

interface Route {
  path: string;
  render: (params: Record<string, string>) => ReactNode;
  /** Only owners and admins may open it (the server enforces this too). */
  adminOnly?: boolean;
}

/** The signed-in pages, in match order. */
const routes: Route[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/incidents', render: () => <IncidentsPage /> },
  { path: '/incidents/:id', render: (p) => <IncidentDetailPage id={p.id ?? ''} /> },
  { path: '/alerts', render: () => <AlertsPage /> },
  { path: '/alerts/:id', render: (p) => <AlertDetailPage id={p.id ?? ''} /> },
  { path: '/services', render: () => <ServicesPage /> },
  { path: '/services/:id', render: (p) => <ServiceDetailPage id={p.id ?? ''} /> },
  { path: '/monitors', render: () => <MonitorsPage /> },
  { path: '/monitors/:id', render: (p) => <MonitorDetailPage id={p.id ?? ''} /> },
  { path: '/routing-rules', render: () => <RoutingRulesPage /> },
  { path: '/silences', render: () => <SilencesPage /> },
  { path: '/maintenance', render: () => <MaintenancePage /> },
  { path: '/schedules', render: () => <SchedulesPage /> },
  { path: '/escalation-policies', render: () => <EscalationPoliciesPage /> },
  { path: '/schedules/:id', render: (p) => <ScheduleDetailPage id={p.id ?? ''} /> },
  { path: '/settings/users', render: () => <UsersPage /> },
  { path: '/settings/users/:id', render: (p) => <UserDetailPage id={p.id ?? ''} /> },
  { path: '/settings/teams', render: () => <TeamsPage /> },
  { path: '/settings/teams/:id', render: (p) => <TeamDetailPage id={p.id ?? ''} /> },
  { path: '/settings/api-keys', render: () => <ApiKeysPage /> },
  { path: '/settings/audit', render: () => <AuditPage />, adminOnly: true },
  { path: '/settings/incident-categories', render: () => <IncidentCategoriesPage />, adminOnly: true },
  { path: '/settings/deliveries', render: () => <DeliveriesPage />, adminOnly: true },
  { path: '/settings/webhooks', render: () => <WebhooksPage />, adminOnly: true },
  { path: '/account', render: () => <AccountPage /> },
  { path: '/api-reference', render: () => <ApiReferencePage /> },
];

export function Routes() {
  const { pathname } = useLocation();
  const me = useMe();
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.adminOnly && !canManage(me.role)) return <NotAllowed />;
    // Keyed by the URL so moving between two records resets the page's state.
    return <Fragment key={pathname}>{route.render(params)}</Fragment>;
  }
  return <NotFound />;
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing at this address" action={<Link to="/">Go to Home</Link>}>
        The link may be old, or the page may have moved. Use the navigation on the left.
      </EmptyState>
    </>
  );
}

function NotAllowed() {
  return (
    <>
      <PageHeader title="Not available to your role" />
      <EmptyState title="Only owners and admins can open this page" action={<Link to="/">Go to Home</Link>}>
        Ask an owner or admin of this Keel if you need access.
      </EmptyState>
    </>
  );
}
