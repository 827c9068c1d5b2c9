import { iso, isoOrNull } from '../../../lib/time.js';
import type { CoverRequestRow, OverrideRow, ScheduleRow } from './schedules.repository.js';
import { layersOf } from './schedules.repository.js';
import type { CoverRequestView, OverrideView, ScheduleView, UserRef } from './schedules.schema.js';

export function presentSchedule(r: ScheduleRow): ScheduleView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    timeZone: r.time_zone,
    teamId: r.team_id,
    layers: layersOf(r).map((l) => ({
      id: l.id,
      name: l.name,
      members: l.members,
      rotation: l.rotation,
      startsAt: iso(l.startsAt),
      endsAt: isoOrNull(l.endsAt ?? null),
      restrictions: l.restrictions,
    })),
    isSample: r.is_sample === 1,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function presentOverride(r: OverrideRow): OverrideView {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    userId: r.user_id,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    note: r.note,
    createdBy: { id: r.created_by_user_id, name: r.created_by_name },
    coverRequestId: r.cover_request_id,
    createdAt: iso(r.created_at),
  };
}

export function presentCoverRequest(
  r: CoverRequestRow,
  users: ReadonlyMap<string, UserRef>,
): CoverRequestView {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    requester: users.get(r.requester_user_id) ?? null,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    note: r.note,
    status: r.status,
    acceptedBy: r.accepted_by_user_id ? (users.get(r.accepted_by_user_id) ?? null) : null,
    overrideId: r.override_id,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
