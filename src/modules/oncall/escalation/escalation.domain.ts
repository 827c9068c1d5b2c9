/**
 * The rules of escalation as pure functions: what a policy looks like, which policies would form
 * a loop through their `policy` targets, and which step follows a step. The engine
 * (escalation.jobs.ts) runs them against the database and the clock.
 */

export const targetTypes = ['user', 'schedule', 'team', 'policy'] as const;
export type TargetType = (typeof targetTypes)[number];

export interface EscalationTarget {
  type: TargetType;
  id: string;
}

/**
 * A level pages its targets, then waits `delayMinutes` for an acknowledgement before the next
 * level. A `policy` target hands the incident over: the level's other targets are paged, the
 * other policy starts at once from its first level, and this policy's later levels and repeats
 * are dropped.
 */
export interface EscalationLevel {
  delayMinutes: number;
  targets: EscalationTarget[];
}

export interface PolicyShape {
  /** How many more times the whole policy runs after its last level. */
  repeat: number;
  levels: readonly EscalationLevel[];
}

export const maxRepeat = 9;
export const maxLevels = 20;
export const maxTargetsPerLevel = 20;
export const maxDelayMinutes = 1440;

/** The policies a policy's levels hand over to. */
export function policyTargets(levels: readonly EscalationLevel[]): string[] {
  return [...new Set(levels.flatMap((l) => l.targets.filter((t) => t.type === 'policy').map((t) => t.id)))];
}

/**
 * A loop of hand-offs through `start`, as the ids along it (`[a, b, a]`), or null. `edges` maps
 * each policy to the policies it hands over to (with `start`'s edges as they would be saved).
 */
export function findPolicyLoop(
  start: string,
  edges: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const path: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): string[] | null => {
    const at = path.indexOf(id);
    if (at >= 0) return [...path.slice(at), id];
    if (done.has(id)) return null;
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const loop = visit(next);
      if (loop) return loop;
    }
    path.pop();
    done.add(id);
    return null;
  };
  return visit(start);
}

/** Where escalation goes after paging level `level` of round `round`. */
export type NextStep =
  | { kind: 'level'; round: number; level: number; delayMinutes: number }
  | { kind: 'handoff'; policyId: string }
  | { kind: 'end' };

export function nextStep(policy: PolicyShape, round: number, level: number): NextStep {
  const current = policy.levels[level];
  if (!current) return { kind: 'end' };
  const handoff = current.targets.find((t) => t.type === 'policy');
  if (handoff) return { kind: 'handoff', policyId: handoff.id };
  if (level + 1 < policy.levels.length)
    return { kind: 'level', round, level: level + 1, delayMinutes: current.delayMinutes };
  if (round < policy.repeat)
    return { kind: 'level', round: round + 1, level: 0, delayMinutes: current.delayMinutes };
  return { kind: 'end' };
}

/** Identifies one page (B's notifyUsers keys its deliveries by it): the same on every re-run. */
export function pageKey(p: {
  incidentId: string;
  triggeredAt: number;
  round: number;
  level: number;
  hop?: number | undefined;
}): string {
  const base = `${p.incidentId}:${p.triggeredAt}:${p.round}:${p.level}`;
  return p.hop ? `${base}:h${p.hop}` : base;
}

/** "level 2", "level 2, repeat 1" — how the timeline names a step (levels count from 1). */
export function stepLabel(round: number, level: number): string {
  return round > 0 ? `level ${level + 1}, repeat ${round}` : `level ${level + 1}`;
}

/** "Paged Alice, Bob (level 1)". */
export function pagedText(names: readonly string[], round: number, level: number): string {
  return `Paged ${names.join(', ')} (${stepLabel(round, level)})`;
}
