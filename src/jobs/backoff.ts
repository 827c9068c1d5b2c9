/** Retry delays. Pure functions of the attempt number (and a random source, for jitter). */

export const backoffBaseMs = 1_000;
export const backoffCapMs = 60 * 60_000;

/**
 * The default retry delay after failed attempt `attempt` (1-based): exponential,
 * `base × 2^(attempt−1)` capped at one hour, with "equal jitter": the delay is drawn uniformly
 * from [half, full] so that jobs failing together (a receiver down) do not retry in lockstep,
 * yet never retry sooner than half the nominal delay. Attempt 1 → 0.5–1 s, 2 → 1–2 s,
 * 5 → 8–16 s, 10 → 4.3–8.5 min, 13 and later → 30–60 min.
 */
export function defaultBackoff(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  const half = exp / 2;
  return Math.round(half + random() * half);
}
