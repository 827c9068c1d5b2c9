/**
 * Flapping: an alert that keeps resolving and re-triggering. Each alert of a (service, dedup
 * key) that resolved within the window was followed by a new trigger (the one being decided or
 * an earlier one), so the number of such resolutions is the number of re-triggers in the window.
 */

export interface FlappingSettings {
  enabled: boolean;
  /** More re-triggers than this within the window is flapping. */
  maxTransitions: number;
  windowMinutes: number;
}

export const defaultFlapping: FlappingSettings = Object.freeze({
  enabled: true,
  maxTransitions: 5,
  windowMinutes: 30,
});

/** The earliest resolution time that still counts. */
export function flappingSince(settings: FlappingSettings, now: number): number {
  return now - settings.windowMinutes * 60_000;
}

/**
 * True when a new trigger of a key is flapping, given when the key's earlier alerts resolved
 * (any order; times before the window are ignored).
 */
export function isFlapping(settings: FlappingSettings, resolvedAt: readonly number[], now: number): boolean {
  if (!settings.enabled) return false;
  const since = flappingSince(settings, now);
  return resolvedAt.filter((t) => t >= since && t <= now).length > settings.maxTransitions;
}
