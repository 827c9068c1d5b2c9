import type { CheckStatus } from './checkers/index.js';
import type { MonitorState } from './monitors.table.js';

/**
 * The monitor state machine, pure (docs/monitors.md "States"). A raw check result goes through
 * inversion, then the consecutive-failure count, then the dependency rule:
 *  - up / degraded: the failure count resets; the state is the result.
 *  - down: the count grows; below retries + 1 the previous state holds (a blip pages nobody);
 *    at the threshold the monitor is down, or "dependency_down" when a monitor it depends on is
 *    down (which pages nobody: the dependency's own alert is the one that matters).
 * Transitions become alert events: entering down triggers `monitor:<id>` (critical), leaving it
 * resolves it (recovered); entering degraded triggers `monitor:<id>:degraded` (warning), its own
 * lower-severity alert, resolved when the monitor leaves degraded.
 */

export interface StateInput {
  state: MonitorState;
  failures: number;
}

export interface StateOptions {
  inverted: boolean;
  retries: number;
  /** A monitor this one depends on is down (or itself dependency-down). */
  dependencyDown: boolean;
}

export interface Transition {
  state: MonitorState;
  failures: number;
  /** The result after inversion, as stored in monitor_results. */
  effective: CheckStatus;
  changed: boolean;
}

/** Inverted ("upside down"): a failing check is up, a passing (or slow) one is down. */
export function invert(status: CheckStatus, inverted: boolean): CheckStatus {
  if (!inverted) return status;
  return status === 'down' ? 'up' : 'down';
}

export function nextState(prev: StateInput, raw: CheckStatus, opts: StateOptions): Transition {
  const effective = invert(raw, opts.inverted);
  let state: MonitorState;
  let failures = 0;
  switch (effective) {
    case 'up':
    case 'degraded':
      state = effective;
      break;
    case 'down':
      failures = prev.failures + 1;
      if (failures <= opts.retries) state = prev.state;
      // Already down (and paged) stays down even when a dependency goes down later.
      else if (prev.state === 'down') state = 'down';
      else state = opts.dependencyDown ? 'dependency_down' : 'down';
      break;
    default: {
      const never: never = effective;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
  return { state, failures, effective, changed: state !== prev.state };
}

export type MonitorEvent =
  | { action: 'trigger'; dedupKey: string; severity: 'critical' | 'warning'; summary: string }
  | { action: 'resolve'; dedupKey: string; summary: string };

export const downKey = (monitorId: string): string => `monitor:${monitorId}`;
export const degradedKey = (monitorId: string): string => `monitor:${monitorId}:degraded`;

/** The alert events a change of state sends; none when the state did not change. */
export function eventsFor(
  monitor: { id: string; name: string },
  from: MonitorState,
  to: MonitorState,
  message: string,
): MonitorEvent[] {
  if (from === to) return [];
  const events: MonitorEvent[] = [];
  if (from === 'degraded') {
    events.push({
      action: 'resolve',
      dedupKey: degradedKey(monitor.id),
      summary: `${monitor.name} is no longer degraded`,
    });
  }
  if (from === 'down') {
    events.push({ action: 'resolve', dedupKey: downKey(monitor.id), summary: `${monitor.name} recovered` });
  }
  if (to === 'down') {
    events.push({
      action: 'trigger',
      dedupKey: downKey(monitor.id),
      severity: 'critical',
      summary: `${monitor.name} is down: ${message}`.slice(0, 1024),
    });
  }
  if (to === 'degraded') {
    events.push({
      action: 'trigger',
      dedupKey: degradedKey(monitor.id),
      severity: 'warning',
      summary: `${monitor.name} is degraded: ${message}`.slice(0, 1024),
    });
  }
  return events;
}

/** Whether a dependency in this state makes its dependents "dependency down". */
export const isDownish = (state: MonitorState): boolean => state === 'down' || state === 'dependency_down';

/**
 * Whether adding `dependsOn` to monitor `id` makes a cycle, given every monitor's dependencies.
 * A monitor cannot depend on itself.
 */
export function dependencyCycle(
  id: string,
  dependsOn: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const stack: { node: string; path: string[] }[] = dependsOn.map((d) => ({ node: d, path: [id, d] }));
  const seen = new Set<string>();
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node === id) return path;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const next of edges.get(node) ?? []) stack.push({ node: next, path: [...path, next] });
  }
  return null;
}
