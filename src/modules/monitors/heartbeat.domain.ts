import { z } from 'zod';
import { nextFire, parseCron } from './cron.domain.js';

/**
 * Heartbeat (push) monitors, Healthchecks.io style: nothing is called; the job pings
 * /api/v1/heartbeat/<token> (also /start and /fail). A ping is expected every N seconds or on a
 * cron expression in a time zone; the monitor is late, and down, when no ping arrived by the
 * expected time plus the grace period. The deadline is the monitor's next_check_at, so the
 * scheduler finds late heartbeats the same way it finds due checks.
 */

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const heartbeatConfig = z
  .strictObject({
    everySeconds: z
      .number()
      .int()
      .min(10, 'everySeconds must be at least 10')
      .max(31 * 86_400, 'everySeconds must be at most 31 days')
      .optional(),
    cron: z
      .string()
      .max(200)
      .superRefine((v, ctx) => {
        const c = parseCron(v);
        if (typeof c === 'string') ctx.addIssue({ code: 'custom', message: c });
      })
      .optional(),
    timeZone: z
      .string()
      .max(64)
      .refine(validZone, { message: 'timeZone is not an IANA time zone (e.g. Europe/London)' })
      .default('UTC'),
    graceSeconds: z.number().int().min(0).max(86_400, 'graceSeconds must be at most 86400').default(60),
  })
  .refine((c) => (c.everySeconds === undefined) !== (c.cron === undefined), {
    message: 'give either everySeconds or cron',
  });
export type HeartbeatConfig = z.infer<typeof heartbeatConfig>;

/** When the ping after one at `after` is due, grace included (epoch ms). */
export function heartbeatDeadline(config: HeartbeatConfig, after: number): number {
  const grace = config.graceSeconds * 1000;
  if (config.everySeconds !== undefined) return after + config.everySeconds * 1000 + grace;
  const parsed = parseCron(config.cron ?? '');
  const next = typeof parsed === 'string' ? null : nextFire(parsed, after, config.timeZone);
  // An expression that never fires again (29 February in five years' time) checks in a year.
  return (next ?? after + 366 * 86_400_000) + grace;
}
