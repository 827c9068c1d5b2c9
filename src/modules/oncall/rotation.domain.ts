import { addDays, dayNumber, wallClock, zonedInstant } from '../../lib/zoned-time.js';
import type { Layer, LayerSpan, Rotation } from './schedule.types.js';

/**
 * Hand-offs of one layer's rotation, computed arithmetically: shift k starts at hand-off k and
 * belongs to members[k mod n], whatever k is, so a rotation started years ago costs the same as
 * one started yesterday. Calendar rotations (daily, days, weekly) hand off at the local
 * wall-clock time of `startsAt` in the schedule's zone, k steps later on the calendar; the
 * awkward hand-off times follow src/lib/zoned-time.ts (a skipped time moves forward by the gap,
 * a repeated time is its first instant). `hours` rotations hand off every fixed elapsed duration.
 */

const hourMs = 3_600_000;

/** Calendar days between hand-offs, or null for a fixed-duration rotation. */
function stepDays(r: Rotation): number | null {
  switch (r.kind) {
    case 'hours':
      return null;
    case 'daily':
    case 'days':
      return r.every;
    case 'weekly':
      return 7 * r.every;
    default: {
      const never: never = r.kind;
      throw new Error(`unknown rotation kind ${String(never)}`);
    }
  }
}

/** The instant of hand-off `k` (0 is `startsAt`). */
export function handoffAt(layer: Layer, timeZone: string, k: number): number {
  const days = stepDays(layer.rotation);
  if (days === null) return layer.startsAt + k * layer.rotation.every * hourMs;
  if (k === 0) return layer.startsAt;
  return zonedInstant(addDays(wallClock(layer.startsAt, timeZone), k * days), timeZone);
}

/**
 * The index of the shift under way at `t` (-1 before the first hand-off). Calendar rotations
 * estimate k from the local calendar days elapsed, then correct by a step or two: down on a
 * hand-off day before its hand-off (or before a hand-off moved forward by a gap), up where the
 * local date runs backward (tzdata has such days, e.g. Alaska in October 1867).
 */
export function shiftIndexAt(layer: Layer, timeZone: string, t: number): number {
  if (t < layer.startsAt) return -1;
  const days = stepDays(layer.rotation);
  if (days === null) return Math.floor((t - layer.startsAt) / (layer.rotation.every * hourMs));
  const elapsed = dayNumber(wallClock(t, timeZone)) - dayNumber(wallClock(layer.startsAt, timeZone));
  let k = Math.max(0, Math.floor(elapsed / days));
  while (k > 0 && handoffAt(layer, timeZone, k) > t) k--;
  while (handoffAt(layer, timeZone, k + 1) <= t) k++;
  return k;
}

/** Who has shift `k` (k ≥ 0). Throws on a layer without members rather than answer undefined. */
export function memberOf(layer: Layer, k: number): string {
  const n = layer.members.length;
  if (n === 0) throw new RangeError(`layer ${layer.id} has no members`);
  return layer.members[k % n]!;
}

/** The layer's shifts clipped to [from, to) and to the layer's own start and end, in order. */
export function shiftsBetween(layer: Layer, timeZone: string, from: number, to: number): LayerSpan[] {
  const start = Math.max(from, layer.startsAt);
  const end = Math.min(to, layer.endsAt ?? Infinity);
  const spans: LayerSpan[] = [];
  if (start >= end) return spans;
  let k = shiftIndexAt(layer, timeZone, start);
  let shiftStart = handoffAt(layer, timeZone, k);
  while (shiftStart < end) {
    const next = handoffAt(layer, timeZone, k + 1);
    spans.push({ userId: memberOf(layer, k), start: Math.max(start, shiftStart), end: Math.min(end, next) });
    k++;
    shiftStart = next;
  }
  return spans;
}
