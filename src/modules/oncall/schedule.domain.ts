import { isValidTimeZone } from '../../lib/time.js';
import { dayMs } from '../../lib/zoned-time.js';
import { restrictionIntervals, withinRestriction } from './restrictions.domain.js';
import { memberOf, shiftIndexAt, shiftsBetween } from './rotation.domain.js';
import type {
  Interval,
  Layer,
  LayerSpan,
  OnCall,
  Override,
  Schedule,
  Source,
  TimelineEntry,
} from './schedule.types.js';

/**
 * Who is on call, as pure functions of a schedule, its overrides and time. Precedence, highest
 * first: an override covering the instant; then the last layer (in array order) whose shift and
 * restrictions cover it; else nobody. Overrides should not overlap (schedule.validate.ts refuses
 * it); if stored ones do, the one starting later wins, then the greater id.
 */

/** The longest range a timeline is computed for: three months and a bit, to keep work bounded. */
export const maxTimelineDays = 93;
export const maxTimelineMs = maxTimelineDays * dayMs;

function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
    throw new RangeError('a timeline range needs from < to, both finite');
  if (to - from > maxTimelineMs) throw new RangeError(`a timeline covers at most ${maxTimelineDays} days`);
}

function checkSchedule(schedule: Schedule): void {
  if (!isValidTimeZone(schedule.timeZone)) throw new RangeError(`unknown time zone "${schedule.timeZone}"`);
  for (const layer of schedule.layers)
    if (!layer.members.length) throw new RangeError(`layer ${layer.id} has no members`);
}

/** The member of `layer` on call at `t`, or null when the layer does not cover `t`. */
export function layerUserAt(layer: Layer, timeZone: string, t: number): string | null {
  if (t < layer.startsAt || t >= (layer.endsAt ?? Infinity)) return null;
  if (layer.restrictions && !withinRestriction(layer.restrictions, timeZone, t)) return null;
  return memberOf(layer, shiftIndexAt(layer, timeZone, t));
}

/** The parts of `spans` inside `windows` (both sorted and disjoint). */
function intersect(spans: LayerSpan[], windows: Interval[]): LayerSpan[] {
  const out: LayerSpan[] = [];
  let j = 0;
  for (const s of spans) {
    while (j < windows.length && windows[j]!.end <= s.start) j++;
    for (let w = j; w < windows.length && windows[w]!.start < s.end; w++) {
      const start = Math.max(s.start, windows[w]!.start);
      const end = Math.min(s.end, windows[w]!.end);
      if (start < end) out.push({ userId: s.userId, start, end });
    }
  }
  return out;
}

function joinAdjacent(spans: LayerSpan[]): LayerSpan[] {
  const out: LayerSpan[] = [];
  for (const s of spans) {
    const prev = out.at(-1);
    if (prev && prev.userId === s.userId && prev.end === s.start) prev.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

/**
 * One layer's coverage within [from, to): who is on call when, restrictions applied, with
 * adjacent spans of the same user joined (a member listed twice in a row, or a lone member).
 * Times the layer does not cover are absent. Throws on a range over `maxTimelineDays`.
 */
export function layerTimeline(layer: Layer, timeZone: string, from: number, to: number): LayerSpan[] {
  checkRange(from, to);
  checkSchedule({ timeZone, layers: [layer] });
  const shifts = shiftsBetween(layer, timeZone, from, to);
  if (!layer.restrictions || !shifts.length) return joinAdjacent(shifts);
  const windows = restrictionIntervals(layer.restrictions, timeZone, shifts[0]!.start, shifts.at(-1)!.end);
  return joinAdjacent(intersect(shifts, windows));
}

/** The override that applies among those covering an instant (see the precedence rule above). */
function pickOverride(covering: Override[]): Override | undefined {
  let best: Override | undefined;
  for (const o of covering)
    if (!best || o.startsAt > best.startsAt || (o.startsAt === best.startsAt && o.id > best.id)) best = o;
  return best;
}

/** Who is on call at instant `t`, and why; null when nobody is. */
export function onCallAt(schedule: Schedule, overrides: Override[], t: number): OnCall | null {
  checkSchedule(schedule);
  const o = pickOverride(overrides.filter((x) => x.startsAt <= t && t < x.endsAt));
  if (o) return { userId: o.userId, layerId: null, overrideId: o.id };
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const layer = schedule.layers[i]!;
    const userId = layerUserAt(layer, schedule.timeZone, t);
    if (userId !== null) return { userId, layerId: layer.id };
  }
  return null;
}

const sameSource = (a: Source | null, b: Source | null): boolean =>
  a === null || b === null
    ? a === b
    : 'layerId' in a
      ? 'layerId' in b && a.layerId === b.layerId
      : 'overrideId' in b && a.overrideId === b.overrideId;

/**
 * The final timeline for [from, to): consecutive entries covering the whole range, each saying
 * who is on call and from which layer or override, gaps (nobody on call) as entries with userId
 * null. Adjacent entries with the same user and source are joined. Agrees with `onCallAt` at
 * every instant. Throws on a range over `maxTimelineDays`.
 */
export function finalTimeline(
  schedule: Schedule,
  overrides: Override[],
  from: number,
  to: number,
): TimelineEntry[] {
  checkRange(from, to);
  checkSchedule(schedule);
  const layers = schedule.layers.map((l) => layerTimeline(l, schedule.timeZone, from, to));
  const active = overrides.filter((o) => o.startsAt < to && o.endsAt > from);
  const cuts = new Set([from, to]);
  for (const spans of layers) for (const s of spans) cuts.add(s.start).add(s.end);
  for (const o of active) cuts.add(Math.max(from, o.startsAt)).add(Math.min(to, o.endsAt));
  const points = [...cuts].sort((a, b) => a - b);

  const next = layers.map(() => 0);
  const entries: TimelineEntry[] = [];
  for (let p = 0; p + 1 < points.length; p++) {
    const start = points[p]!;
    const end = points[p + 1]!;
    let entry: TimelineEntry = { userId: null, start, end, source: null };
    const o = pickOverride(active.filter((x) => x.startsAt <= start && start < x.endsAt));
    if (o) entry = { userId: o.userId, start, end, source: { overrideId: o.id } };
    for (let i = layers.length - 1; i >= 0; i--) {
      const spans = layers[i]!;
      while (next[i]! < spans.length && spans[next[i]!]!.end <= start) next[i]!++;
      const s = spans[next[i]!];
      if (!o && entry.userId === null && s && s.start <= start)
        entry = { userId: s.userId, start, end, source: { layerId: schedule.layers[i]!.id } };
    }
    const prev = entries.at(-1);
    if (prev && prev.userId === entry.userId && sameSource(prev.source, entry.source)) prev.end = end;
    else entries.push(entry);
  }
  return entries;
}
