import type { SourceSeverity } from './types.js';

/**
 * How other tools spell severity, lower-cased and trimmed before the lookup. Anything not here
 * (or no severity at all) is `defaultSeverity`: an alert that reached a paging tool without saying
 * how bad it is is treated as Alertmanager's own PagerDuty integration treats it, as an error.
 */
const spellings: Record<string, SourceSeverity> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  p1: 'critical',
  sev1: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  major: 'error',
  p2: 'error',
  sev2: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  minor: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  information: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
};

export const defaultSeverity: SourceSeverity = 'error';

/** The severity a spelling stands for, or null when Keel does not know it. */
export function lookupSeverity(raw: unknown): SourceSeverity | null {
  if (typeof raw !== 'string') return null;
  return Object.hasOwn(spellings, raw.trim().toLowerCase()) ? spellings[raw.trim().toLowerCase()]! : null;
}

export function mapSeverity(raw: unknown): SourceSeverity {
  return lookupSeverity(raw) ?? defaultSeverity;
}

/** The table, for docs and tests. */
export const severitySpellings: Readonly<Record<string, SourceSeverity>> = Object.freeze({ ...spellings });
