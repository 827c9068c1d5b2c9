import type { JobsTable } from '../jobs/jobs.table.js';
import type { AuditLogTable } from '../modules/audit/audit.table.js';
import type {
  ApiKeysTable,
  LoginAttemptsTable,
  PasswordResetsTable,
  SessionsTable,
} from '../modules/auth/auth.table.js';
import type {
  MaintenanceWindowServicesTable,
  MaintenanceWindowsTable,
  RoutingRulesTable,
  SilencesTable,
} from '../modules/alerts/alert-rules.table.js';
import type { AlertEventsTable, AlertsTable } from '../modules/alerts/alerts.table.js';
import type { IntegrationsTable } from '../modules/alerts/integrations.table.js';
import type { IncidentCategoriesTable } from '../modules/incidents/incident-categories.table.js';
import type {
  CountersTable,
  IncidentAssigneesTable,
  IncidentsTable,
  IncidentTimelineTable,
} from '../modules/incidents/incidents.table.js';
import type {
  IcalFeedsTable,
  ScheduleCoverRequestsTable,
  ScheduleOverridesTable,
  SchedulesTable,
} from '../modules/oncall/schedules/schedules.table.js';
import type {
  EscalationPoliciesTable,
  EscalationStepsTable,
} from '../modules/oncall/escalation/escalation.table.js';
import type {
  ContactMethodsTable,
  DeliveryAttemptsTable,
  NotificationRuleSetsTable,
  NotificationsTable,
  SecretKeysTable,
  WebhookDeliveriesTable,
  WebhookSubscriptionsTable,
} from '../modules/oncall/notifications/notifications.table.js';
import type {
  MonitorResultsTable,
  MonitorRollupsTable,
  MonitorStateChangesTable,
  MonitorsTable,
} from '../modules/monitors/monitors.table.js';
import type { ServiceDependenciesTable, ServicesTable } from '../modules/services/services.table.js';
import type { TeamMembersTable, TeamsTable, UsersTable } from '../modules/users/users.table.js';

/** Every table Keel has, for Kysely's types. Each module owns the shape of its own tables. */
export interface DB {
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  password_resets: PasswordResetsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  services: ServicesTable;
  service_dependencies: ServiceDependenciesTable;
  integrations: IntegrationsTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  routing_rules: RoutingRulesTable;
  silences: SilencesTable;
  maintenance_windows: MaintenanceWindowsTable;
  maintenance_window_services: MaintenanceWindowServicesTable;
  counters: CountersTable;
  incidents: IncidentsTable;
  incident_assignees: IncidentAssigneesTable;
  incident_timeline: IncidentTimelineTable;
  incident_categories: IncidentCategoriesTable;
  secret_keys: SecretKeysTable;
  contact_methods: ContactMethodsTable;
  notification_rule_sets: NotificationRuleSetsTable;
  notifications: NotificationsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  escalation_policies: EscalationPoliciesTable;
  escalation_steps: EscalationStepsTable;
  schedules: SchedulesTable;
  schedule_overrides: ScheduleOverridesTable;
  schedule_cover_requests: ScheduleCoverRequestsTable;
  ical_feeds: IcalFeedsTable;
  monitors: MonitorsTable;
  monitor_results: MonitorResultsTable;
  monitor_rollups: MonitorRollupsTable;
  monitor_state_changes: MonitorStateChangesTable;
}
