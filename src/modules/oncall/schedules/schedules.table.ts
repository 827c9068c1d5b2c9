/**
 * Row shapes of on-call schedules. Times are epoch ms, flags 0/1. A schedule's layers are one JSON
 * column (Layer[] of schedule.types.ts, instants in epoch ms): layers are always read and written
 * whole, with the schedule, and never queried on their own, so a table of their own would only add
 * joins. Overrides and cover requests are rows, since they are listed, checked for overlap and
 * changed one at a time.
 */

export interface SchedulesTable {
  id: string;
  name: string;
  description: string;
  /** IANA zone the layers' hand-offs and restrictions are read in. */
  time_zone: string;
  team_id: string | null;
  /** JSON Layer[], in precedence order (later wins). */
  layers: string;
  is_sample: number;
  created_at: number;
  updated_at: number;
}

/** A person covering [starts_at, ends_at) over every layer of one schedule. Never overlapping. */
export interface ScheduleOverridesTable {
  id: string;
  schedule_id: string;
  user_id: string;
  starts_at: number;
  ends_at: number;
  note: string;
  created_by_user_id: string | null;
  /** Kept when that user is deleted. */
  created_by_name: string;
  /** The cover request this override answered, if any. */
  cover_request_id: string | null;
  created_at: number;
}

export const coverRequestStatuses = ['open', 'accepted', 'cancelled'] as const;
export type CoverRequestStatus = (typeof coverRequestStatuses)[number];

/** Someone asks for cover for a span; accepting it creates an override for the one who accepts. */
export interface ScheduleCoverRequestsTable {
  id: string;
  schedule_id: string;
  requester_user_id: string;
  starts_at: number;
  ends_at: number;
  note: string;
  status: CoverRequestStatus;
  accepted_by_user_id: string | null;
  override_id: string | null;
  created_at: number;
  updated_at: number;
}

export const icalFeedKinds = ['schedule', 'user'] as const;
export type IcalFeedKind = (typeof icalFeedKinds)[number];

/**
 * A secret calendar-feed URL: `schedule` (one schedule, made by `user_id`) or `user` (the shifts
 * of `user_id` on every schedule). Only the token's SHA-256 is stored; making a new one for the
 * same (kind, schedule, user) replaces the old, whose URL stops working.
 */
export interface IcalFeedsTable {
  id: string;
  token_hash: string;
  kind: IcalFeedKind;
  schedule_id: string | null;
  user_id: string;
  created_at: number;
}
