import { z } from 'zod';
import { pageQuery } from '../../../lib/pagination.js';
import { restriction, rotation } from '../schedule.validate.js';
import { coverRequestStatuses } from './schedules.table.js';

/**
 * HTTP shapes of the schedules API. Instants are ISO 8601 strings with a zone or offset in and
 * out (stored as epoch ms); the domain rules (schedule.validate.ts) run again on the converted
 * schedule, so the API refuses exactly what the maths refuses.
 */

export const isoInstant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 instant with an offset',
});
export const toMs = (iso: string): number => new Date(iso).getTime();

const id = z.string().trim().min(1, 'is required').max(64);
const name = z.string().trim().min(1, 'is required').max(100);
const description = z.string().max(2000);
const note = z.string().max(2000);
/**
 * Checked as an IANA name by the service, with the schedule rules of schedule.validate.ts, so a
 * wrong zone is one issue on timeZone ("unknown time zone …") like every other schedule rule.
 */
const timeZone = z.string().max(100).describe('IANA time zone, e.g. Europe/London.');

export const idParams = z.object({ id });
export const overrideParams = z.object({ id, overrideId: id });

const layerInput = z.strictObject({
  id: id.optional().describe("Keep a layer's id when editing; omitted: a new id."),
  name,
  members: z
    .array(id)
    .min(1, 'a layer needs at least one member')
    .max(100, 'a layer has at most 100 members')
    .describe('User ids in rotation order.'),
  rotation,
  startsAt: isoInstant.describe('The first hand-off, to members[0].'),
  endsAt: isoInstant.nullish(),
  restrictions: restriction.nullish().describe("Daily or weekly windows in the schedule's time zone."),
});
export type LayerInput = z.infer<typeof layerInput>;

const layers = z
  .array(layerInput)
  .min(1, 'a schedule needs at least one layer')
  .max(20, 'at most 20 layers')
  .describe('Bottom-up: a later layer wins over an earlier one where it covers.');

export const createScheduleBody = z.strictObject({
  name,
  description: description.default(''),
  timeZone,
  teamId: id.nullish(),
  layers,
});
export type CreateScheduleInput = z.infer<typeof createScheduleBody>;

export const updateScheduleBody = z.strictObject({
  name: name.optional(),
  description: description.optional(),
  timeZone: timeZone.optional(),
  teamId: id.nullish(),
  layers: layers.optional(),
});
export type UpdateScheduleInput = z.infer<typeof updateScheduleBody>;

export const listSchedulesQuery = z.object({ ...pageQuery, team: id.optional() });

const restrictionView = z
  .unknown()
  .describe('As sent: { kind: daily, from, to } or { kind: weekly, windows }.');
const layerView = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.string()),
  rotation: z.object({ kind: z.string(), every: z.number() }),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  restrictions: restrictionView.nullable(),
});

export const scheduleView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  timeZone: z.string(),
  teamId: z.string().nullable(),
  layers: z.array(layerView),
  isSample: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ScheduleView = z.infer<typeof scheduleView>;

export const userRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type UserRef = z.infer<typeof userRef>;

export const sourceView = z
  .union([z.object({ layerId: z.string() }), z.object({ overrideId: z.string() })])
  .nullable()
  .describe('{layerId} or {overrideId}; null: nobody is on call.');

export const onCallQuery = z.object({ at: isoInstant.optional().describe('Default: now.') });
export const onCallView = z.object({
  scheduleId: z.string(),
  at: z.string(),
  user: userRef.nullable(),
  source: sourceView,
});

export const timelineQuery = z.object({
  since: isoInstant.optional().describe('Default: now.'),
  until: isoInstant.optional().describe('Default: since + 7 days. At most 93 days after since.'),
});

const span = z.object({ start: z.string(), end: z.string(), userId: z.string().nullable() });
export const overrideView = z.object({
  id: z.string(),
  scheduleId: z.string(),
  userId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string(),
  createdBy: z.object({ id: z.string().nullable(), name: z.string() }),
  coverRequestId: z.string().nullable(),
  createdAt: z.string(),
});
export type OverrideView = z.infer<typeof overrideView>;

export const timelineView = z.object({
  scheduleId: z.string(),
  since: z.string(),
  until: z.string(),
  timeZone: z.string(),
  layers: z.array(
    z.object({
      layerId: z.string(),
      name: z.string(),
      spans: z.array(span.extend({ userId: z.string() })),
    }),
  ),
  overrides: z.array(overrideView),
  final: z.array(span.extend({ source: sourceView })),
  users: z.record(z.string(), z.object({ name: z.string(), email: z.string() })),
});
export type TimelineView = z.infer<typeof timelineView>;

export const onCallNowView = z.object({
  items: z.array(
    z.object({
      schedule: z.object({ id: z.string(), name: z.string() }),
      user: z.object({ id: z.string(), name: z.string() }).nullable(),
      until: z.string().nullable().describe('When this changes next; null: not within 93 days.'),
    }),
  ),
});

export const listOverridesQuery = z.object({
  since: isoInstant.optional().describe('Overrides ending after this. Default: now.'),
  until: isoInstant.optional().describe('Overrides starting before this. Default: no limit.'),
});

export const createOverrideBody = z.strictObject({
  userId: id.optional().describe('Who covers. Default: you. Only owners and admins may name someone else.'),
  startsAt: isoInstant,
  endsAt: isoInstant,
  note: note.default(''),
});
export type CreateOverrideInput = z.infer<typeof createOverrideBody>;

export const coverRequestView = z.object({
  id: z.string(),
  scheduleId: z.string(),
  requester: userRef.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string(),
  status: z.enum(coverRequestStatuses),
  acceptedBy: userRef.nullable(),
  overrideId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CoverRequestView = z.infer<typeof coverRequestView>;

export const listCoverRequestsQuery = z.object({ status: z.enum(coverRequestStatuses).optional() });

export const createCoverRequestBody = z.strictObject({
  startsAt: isoInstant,
  endsAt: isoInstant,
  note: note.default(''),
});
export type CreateCoverRequestInput = z.infer<typeof createCoverRequestBody>;

export const icalTokenView = z.object({
  url: z.string().describe('Secret: anyone with it can read the feed. Making a new one ends the old.'),
});
