/**
 * Retry schedules per channel (docs/oncall.md "Contact methods, rules and delivery"). After
 * failed attempt n the next one waits base × 2^(n−1), capped, drawn from [half, full] ("equal
 * jitter") so pages failing together do not retry in lockstep; a receiver's Retry-After is
 * honoured when longer (up to maxHintMs). After `attempts` tries the delivery is failed.
 * Phone channels give up sooner: a page that arrives an hour late by SMS helps nobody and costs.
 */
export interface RetrySchedule {
  attempts: number;
  baseMs: number;
  capMs: number;
}

const second = 1000;
const minute = 60 * second;

export const retrySchedules: Record<string, RetrySchedule> = {
  email: { attempts: 8, baseMs: 30 * second, capMs: 30 * minute },
  sms: { attempts: 5, baseMs: 15 * second, capMs: 5 * minute },
  voice: { attempts: 4, baseMs: 30 * second, capMs: 5 * minute },
  slack: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  teams: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  discord: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  mattermost: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  'google-chat': { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  telegram: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  ntfy: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  gotify: { attempts: 8, baseMs: 5 * second, capMs: 10 * minute },
  webhook: { attempts: 10, baseMs: 5 * second, capMs: 30 * minute },
  /** Outgoing webhook subscriptions. */
  subscription: { attempts: 10, baseMs: 5 * second, capMs: 30 * minute },
};

const fallback: RetrySchedule = { attempts: 8, baseMs: 5 * second, capMs: 10 * minute };
export const maxHintMs = 60 * minute;

export function scheduleFor(type: string): RetrySchedule {
  return retrySchedules[type] ?? fallback;
}

/** null: give up (attempts used). Otherwise the delay before attempt `failedAttempt + 1`. */
export function nextRetryDelay(
  type: string,
  failedAttempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  const s = scheduleFor(type);
  if (failedAttempt >= s.attempts) return null;
  const full = Math.min(s.capMs, s.baseMs * 2 ** (failedAttempt - 1));
  const delay = Math.round(full / 2 + random() * (full / 2));
  const hint = retryAfterMs === undefined ? 0 : Math.min(maxHintMs, retryAfterMs);
  return Math.max(delay, hint);
}
