import { admins, definePolicies, everyone, responders } from '../../../http/policy.js';

/**
 * Everyone reads schedules and who is on call, and may make their own calendar-feed URLs.
 * Owners and admins manage schedules. Responders add and remove overrides for themselves, ask for
 * cover and accept or cancel cover requests; owners and admins do it for anyone (checked in
 * overrides.service.ts and cover-requests.service.ts, since it depends on whose override it is).
 */
export const schedulesPolicies = definePolicies({
  'schedule.read': { roles: everyone, scope: 'read' },
  'schedule.create': { roles: admins, scope: 'write' },
  'schedule.update': { roles: admins, scope: 'write' },
  'schedule.delete': { roles: admins, scope: 'write' },
  'schedule_override.create': { roles: responders, scope: 'write' },
  'schedule_override.delete': { roles: responders, scope: 'write' },
  'cover_request.create': { roles: responders, scope: 'write' },
  'cover_request.act': { roles: responders, scope: 'write' },
  'ical_feed.create': { roles: everyone, scope: 'write' },
});
