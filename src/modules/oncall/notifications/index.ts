/**
 * On-call notifications: contact methods, notification rules, the delivery queue, action
 * links and outgoing webhooks (docs/oncall.md "Contact methods, rules and delivery" and
 * "Outgoing webhooks").
 */
export { notifyUsers } from './notify.service.js';
export { reachableUserIds } from './contact-methods.repository.js';
export { deliverJob } from './deliver.jobs.js';
export { purgeDeliveriesJob } from './purge.jobs.js';
export { registerNotificationRoutes } from './notifications.routes.js';
export { registerActionLinkRoutes } from './action-links.routes.js';
export { notificationsPolicies } from './notifications.policy.js';
export { secretBoxFor } from './secret-key.js';
export type { NotificationsContext, SendDeps } from './notifications.context.js';
export type { ActionLinkDeps } from './action-links.service.js';
export { enqueueIncidentWebhooks } from './webhooks.service.js';
export { webhookJob } from './webhooks.jobs.js';
export { registerWebhookRoutes } from './webhooks.routes.js';
export { webhookEvents, type WebhookEvent } from './webhooks.schema.js';
