import { alertsPolicies } from '../modules/alerts/alerts.policy.js';
import { auditPolicies } from '../modules/audit/audit.policy.js';
import { authPolicies } from '../modules/auth/auth.policy.js';
import { incidentsPolicies } from '../modules/incidents/incidents.policy.js';
import { livePolicies } from '../modules/live/live.policy.js';
import { monitorsPolicies } from '../modules/monitors/monitors.policy.js';
import { notificationsPolicies } from '../modules/oncall/notifications/notifications.policy.js';
import { escalationPolicies } from '../modules/oncall/escalation/escalation.policy.js';
import { schedulesPolicies } from '../modules/oncall/schedules/schedules.policy.js';
import { servicesPolicies } from '../modules/services/services.policy.js';
import { systemPolicies } from '../modules/system/system.policy.js';
import { usersPolicies } from '../modules/users/users.policy.js';
import type { Rule } from './policy.js';

/** Every authorization rule in Keel, by `<resource>.<action>`. */
export const policies = Object.freeze({
  ...usersPolicies,
  ...authPolicies,
  ...auditPolicies,
  ...systemPolicies,
  ...servicesPolicies,
  ...alertsPolicies,
  ...incidentsPolicies,
  ...livePolicies,
  ...notificationsPolicies,
  ...escalationPolicies,
  ...schedulesPolicies,
  ...monitorsPolicies,
}) satisfies Record<string, Rule>;

export type PolicyName = keyof typeof policies;
