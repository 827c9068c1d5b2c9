/**
 * On-call schedule shapes, as they will be stored (instants are epoch ms, local times are
 * "HH:MM" strings, everything else is JSON-friendly). The maths is in schedule.domain.ts.
 */

export const rotationKinds = ['daily', 'weekly', 'days', 'hours'] as const;
export type RotationKind = (typeof rotationKinds)[number];

/**
 * How often a layer hands off. `every` counts the kind's unit: days for `daily` and `days` (the
 * same maths; the UI shows `daily` for every 1), weeks for `weekly`, hours for `hours`.
 * Calendar kinds hand off at the first hand-off's local wall-clock time; `hours` after a fixed
 * elapsed time.
 */
export interface Rotation {
  kind: RotationKind;
  every: number;
}

/** ISO order: Monday first. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Every day from `from` to `to` local time ("HH:MM"); `to` at or before `from` wraps midnight. */
export interface DailyRestriction {
  kind: 'daily';
  from: string;
  to: string;
}

/** From (fromDay, from) to (toDay, to) local time; an end at or before the start wraps the week. */
export interface WeeklyWindow {
  fromDay: Weekday;
  from: string;
  toDay: Weekday;
  to: string;
}

export interface WeeklyRestriction {
  kind: 'weekly';
  windows: WeeklyWindow[];
}

/** When a layer may be on call at all; outside it the layer does not cover. */
export type Restriction = DailyRestriction | WeeklyRestriction;

export interface Layer {
  id: string;
  name: string;
  /** User ids in rotation order; a user may appear more than once. Never empty. */
  members: string[];
  rotation: Rotation;
  /** The first hand-off (to members[0]); the layer covers nothing before it. */
  startsAt: number;
  /** The layer covers nothing from here on; null or absent: forever. */
  endsAt?: number | null;
  restrictions: Restriction | null;
}

/** Layers are in precedence order: a later layer wins over an earlier one where it covers. */
export interface Schedule {
  timeZone: string;
  layers: Layer[];
}

/** A person covering [startsAt, endsAt), over every layer. */
export interface Override {
  id: string;
  userId: string;
  startsAt: number;
  endsAt: number;
}

/** A half-open span [start, end) of epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

export interface LayerSpan extends Interval {
  userId: string;
}

export type Source = { layerId: string } | { overrideId: string };

/** The final timeline covers its whole range; a gap (nobody on call) has userId and source null. */
export type TimelineEntry =
  | { userId: string; start: number; end: number; source: Source }
  | { userId: null; start: number; end: number; source: null };

export type OnCall =
  { userId: string; layerId: string } | { userId: string; layerId: null; overrideId: string };
