import { compilePattern, testPattern } from './regex.domain.js';

/**
 * Silences as Alertmanager has them: every matcher must match the alert's labels (plus the
 * pseudo-labels `service`, `severity` and `source`), between `startsAt` and `endsAt`. Regex
 * matchers are anchored at both ends; a label the alert lacks reads as "".
 */

export const matcherOps = ['=', '!=', '=~', '!~'] as const;
export type MatcherOp = (typeof matcherOps)[number];

export interface SilenceMatcher {
  label: string;
  op: MatcherOp;
  value: string;
}

export const silenceStates = ['pending', 'active', 'expired'] as const;
export type SilenceState = (typeof silenceStates)[number];

export function silenceState(s: { startsAt: number; endsAt: number }, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

/** Why a matcher is invalid, or null. */
export function matcherIssue(m: SilenceMatcher): string | null {
  if (m.op !== '=~' && m.op !== '!~') return null;
  const r = compilePattern(m.value, true);
  return r.ok ? null : r.message;
}

type LabelTest = (labels: Readonly<Record<string, string>>) => boolean;

function compileMatcher(m: SilenceMatcher): LabelTest {
  const get = (labels: Readonly<Record<string, string>>) =>
    Object.hasOwn(labels, m.label) ? (labels[m.label] ?? '') : '';
  switch (m.op) {
    case '=':
      return (l) => get(l) === m.value;
    case '!=':
      return (l) => get(l) !== m.value;
    case '=~':
    case '!~': {
      const r = compilePattern(m.value, true);
      if (!r.ok) return () => false;
      const positive = m.op === '=~';
      return (l) => testPattern(r.regex, get(l)) === positive;
    }
    default: {
      const never: never = m.op;
      throw new Error(`unknown matcher op ${String(never)}`);
    }
  }
}

export interface Silence {
  id: string;
  matchers: readonly SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  serviceId: string | null;
  comment: string;
}

export interface CompiledSilence extends Silence {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

export function compileSilence(s: Silence): CompiledSilence {
  const tests = s.matchers.map(compileMatcher);
  // A silence without matchers is refused on write; should one exist, it silences nothing.
  return { ...s, matches: (l) => tests.length > 0 && tests.every((t) => t(l)) };
}

/**
 * The labels silences are matched against: the alert's own, with `service` (the service's name),
 * `severity` and `source` added where the alert has no label of that name. A sender's own
 * `severity` label wins, since that is what an Alertmanager user writes matchers against.
 */
export function silenceLabels(
  labels: Readonly<Record<string, string>>,
  pseudo: { service: string; severity: string; source: string | null },
): Record<string, string> {
  return {
    service: pseudo.service,
    severity: pseudo.severity,
    ...(pseudo.source !== null && { source: pseudo.source }),
    ...labels,
  };
}

/** A short name for a silence, for the alert's "suppressed by" (its comment, else its matchers). */
export function silenceName(s: Pick<Silence, 'matchers' | 'comment'>): string {
  const c = s.comment.trim().split('\n')[0] ?? '';
  if (c) return c.length > 120 ? `${c.slice(0, 119)}…` : c;
  const text = s.matchers.map((m) => `${m.label}${m.op}"${m.value}"`).join(', ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The first silence in force at `now` that matches, or undefined. */
export function matchingSilence(
  silences: readonly CompiledSilence[],
  serviceId: string,
  labels: Readonly<Record<string, string>>,
  now: number,
): CompiledSilence | undefined {
  return silences.find(
    (s) =>
      now >= s.startsAt &&
      now < s.endsAt &&
      (s.serviceId === null || s.serviceId === serviceId) &&
      s.matches(labels),
  );
}
