import { z } from 'zod';
import { isValidTimeZone } from '../../lib/time.js';
import { maxTimelineDays, maxTimelineMs } from './schedule.domain.js';
import { rotationKinds, weekdays, type Layer, type Override, type Schedule } from './schedule.types.js';

/**
 * Input shapes for schedules, overrides and timeline ranges, with messages a person can act on.
 * Instants are epoch ms here (the stored form); an HTTP schema converts ISO strings first.
 * Issues carry a path, so the error handler can answer 400 validation_failed with details.issues.
 */

const id = z.string().trim().min(1, 'is required').max(64);
const instant = z
  .number({ error: 'must be an instant in epoch milliseconds' })
  .int('must be whole milliseconds')
  .min(0, 'must not be before 1970')
  .max(253_402_300_799_999, 'must not be after 9999');

export const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, from 00:00 to 23:59');

export const timeZone = z
  .string()
  .max(100)
  .refine(isValidTimeZone, {
    error: (i) => `unknown time zone "${String(i.input)}": use an IANA name such as Europe/London`,
  });

export const rotation = z.strictObject({
  kind: z.enum(rotationKinds, { error: `must be one of ${rotationKinds.join(', ')}` }),
  every: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(1000, 'must be at most 1000'),
});

const weekday = z.enum(weekdays, { error: `must be one of ${weekdays.join(', ')}` });
const window = z
  .strictObject({ fromDay: weekday, from: hhmm, toDay: weekday, to: hhmm })
  .refine((w) => w.fromDay !== w.toDay || w.from !== w.to, {
    error: 'a window must end at a different time than it starts (to cover all week, remove the restriction)',
    path: ['to'],
  });

export const restriction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('daily'), from: hhmm, to: hhmm }).refine((r) => r.from !== r.to, {
    error: 'must differ from "from" (to cover the whole day, remove the restriction)',
    path: ['to'],
  }),
  z.strictObject({
    kind: z.literal('weekly'),
    windows: z
      .array(window)
      .min(1, 'add at least one window, or remove the restriction')
      .max(50, 'at most 50 windows'),
  }),
]);

export const layer = z
  .strictObject({
    id,
    name: z.string().trim().min(1, 'is required').max(100),
    members: z
      .array(id)
      .min(1, 'a layer needs at least one member')
      .max(100, 'a layer has at most 100 members'),
    rotation,
    startsAt: instant,
    endsAt: instant.nullish(),
    restrictions: restriction.nullable(),
  })
  .refine((l) => l.endsAt == null || l.endsAt > l.startsAt, {
    error: 'must be after startsAt (the first hand-off)',
    path: ['endsAt'],
  });

export const schedule = z
  .strictObject({
    timeZone,
    layers: z.array(layer).min(1, 'a schedule needs at least one layer').max(20, 'at most 20 layers'),
  })
  .superRefine((s, ctx) => {
    s.layers.forEach((l, i) => {
      const first = s.layers.findIndex((x) => x.id === l.id);
      if (first !== i)
        ctx.addIssue({ code: 'custom', path: ['layers', i, 'id'], message: `repeats layer ${first}'s id` });
    });
  });

export const override = z
  .strictObject({ id, userId: id, startsAt: instant, endsAt: instant })
  .refine((o) => o.endsAt > o.startsAt, { error: 'must be after startsAt', path: ['endsAt'] });

const isoOf = (ms: number) => new Date(ms).toISOString();
const overlap = (a: Override, b: Override) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/**
 * Why `candidate` cannot join `existing` (one schedule's overrides): one message per override it
 * overlaps, naming both, ready for details.issues. Empty when it fits; an override being edited
 * is not compared with its own stored version.
 */
export function overrideConflicts(
  existing: readonly Override[],
  candidate: Override,
): { path: string[]; message: string }[] {
  return existing
    .filter((o) => o.id !== candidate.id && overlap(o, candidate))
    .map((o) => ({
      path: ['startsAt'],
      message:
        `override ${candidate.id} (${isoOf(candidate.startsAt)}–${isoOf(candidate.endsAt)}) overlaps ` +
        `override ${o.id} (${isoOf(o.startsAt)}–${isoOf(o.endsAt)}); shorten one or delete it`,
    }));
}

/** One schedule's overrides, refused when any two overlap. */
export const overrides = z
  .array(override)
  .max(1000)
  .superRefine((list, ctx) => {
    list.forEach((o, i) => {
      for (const issue of overrideConflicts(list.slice(0, i), o))
        ctx.addIssue({ code: 'custom', path: [i, ...issue.path], message: issue.message });
    });
  });

/** A timeline query: to after from, at most `maxTimelineDays` apart. */
export const timelineRange = z
  .strictObject({ from: instant, to: instant })
  .refine((r) => r.to > r.from, { error: 'must be after from', path: ['to'] })
  .refine((r) => r.to - r.from <= maxTimelineMs, {
    error: `a timeline covers at most ${maxTimelineDays} days`,
    path: ['to'],
  });

// The parsed shapes are exactly what the domain functions take.
schedule satisfies z.ZodType<Schedule>;
layer satisfies z.ZodType<Layer>;
override satisfies z.ZodType<Override>;
