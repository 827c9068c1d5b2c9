import { admins, definePolicies, everyone, responders } from '../../../http/policy.js';

/**
 * Contact methods and rules: every signed-in person manages their own (the service refuses
 * someone else's unless the actor is an admin or owner). The delivery log and webhook
 * subscriptions are admin-only; an incident's own notifications are visible to responders.
 */
export const notificationsPolicies = definePolicies({
  'contact_method.read': { roles: everyone, scope: 'read' },
  'contact_method.write': { roles: everyone, scope: 'write' },
  'notification_rule.read': { roles: everyone, scope: 'read' },
  'notification_rule.write': { roles: everyone, scope: 'write' },
  'notification.read': { roles: admins, scope: 'read' },
  'incident_notification.read': { roles: responders, scope: 'read' },
  'webhook_subscription.read': { roles: admins, scope: 'read' },
  'webhook_subscription.write': { roles: admins, scope: 'write' },
});
