import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { findService } from '../services/index.js';
import { checkerFor } from './checkers/index.js';
import { heartbeatConfig } from './heartbeat.domain.js';
import { dependencyCycle } from './monitor-state.domain.js';
import { dependencyEdges, existingMonitorIds } from './monitors.repository.js';

/*
 * Monitor input beyond its schema: the checker's config, cross-field rules (timeout within the
 * interval, dependencies that exist and make no cycle), the service; issues reported as the
 * request validator reports them (400 validation_failed with every issue).
 */

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** The checker's parse of `config`, or its issues under `config.…` (its messages, as written). */
export function parseConfig(
  type: string,
  config: unknown,
): { ok: true; config: unknown } | { ok: false; issues: Issue[] } {
  const checker = type === 'heartbeat' ? { configSchema: heartbeatConfig } : checkerFor(type);
  if (!checker) return { ok: false, issues: [{ path: ['type'], message: `unknown monitor type "${type}"` }] };
  const parsed = (checker.configSchema as z.ZodType).safeParse(config);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: ['config', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      message: i.message,
    })),
  };
}

export function invalid(issues: Issue[], prefix: (string | number)[] = []): AppError {
  const first = issues[0]!;
  return new AppError('validation_failed', `body.${[...prefix, ...first.path].join('.')}: ${first.message}`, {
    issues: issues.map((i) => ({ in: 'body', path: [...prefix, ...i.path].map(String), message: i.message })),
  });
}

/** Cross-field rules: timeout within the interval, dependencies exist and make no cycle. */
export async function checkRules(
  db: Db,
  id: string,
  m: { intervalSeconds: number; timeoutMs: number; dependsOn: string[] },
  pendingIds: ReadonlySet<string> = new Set(),
  pendingEdges: ReadonlyMap<string, string[]> = new Map(),
): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (m.timeoutMs > m.intervalSeconds * 1000)
    issues.push({ path: ['timeoutMs'], message: 'timeoutMs must not exceed the interval' });
  if (m.dependsOn.length) {
    const known = await existingMonitorIds(db, m.dependsOn);
    m.dependsOn.forEach((d, i) => {
      if (!known.has(d) && !pendingIds.has(d))
        issues.push({ path: ['dependsOn', i], message: `no monitor ${d}` });
    });
    const edges = new Map([...(await dependencyEdges(db)), ...pendingEdges]);
    const cycle = dependencyCycle(id, m.dependsOn, edges);
    if (cycle)
      issues.push({ path: ['dependsOn'], message: `dependencies would make a cycle: ${cycle.join(' → ')}` });
  }
  return issues;
}

export async function requireServiceIssue(db: Db, serviceId: string): Promise<Issue[]> {
  return (await findService(db, serviceId))
    ? []
    : [{ path: ['serviceId'], message: `no service ${serviceId}` }];
}
