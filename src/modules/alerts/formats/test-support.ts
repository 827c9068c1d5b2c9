// Shared by the *.test.ts files here: the captured fixtures and a deterministic ParseContext.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NormalizedEvent, ParseContext, ParseResult } from './types.js';

/** The repository root; CI lays a copy of shared/ beside the clone, as in the workspace. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const alertmanagerFixtures = join(repoRoot, '..', 'shared', 'fixtures', 'alertmanager-0.25');

export interface Fixture {
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export function fixtureNames(): string[] {
  return readdirSync(alertmanagerFixtures)
    .filter((n) => n.endsWith('.json'))
    .sort();
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(alertmanagerFixtures, name), 'utf8')) as Fixture;
}

/** A context whose keys are gen-1, gen-2, … and whose clock stands still. */
export function testContext(
  now: number | string = '2026-11-27T14:03:05Z',
): ParseContext & { issued: string[] } {
  const issued: string[] = [];
  return {
    now: typeof now === 'number' ? now : Date.parse(now),
    newKey: () => {
      const key = `gen-${issued.length + 1}`;
      issued.push(key);
      return key;
    },
    headers: {},
    issued,
  };
}

export function events(result: ParseResult): NormalizedEvent[] {
  if (!result.ok) assert.fail(`expected ok, got errors: ${result.errors.join(' | ')}`);
  return result.events;
}

export function errors(result: ParseResult | { ok: boolean; errors?: string[] }): string[] {
  assert.equal(result.ok, false, 'expected the input to be refused');
  const list = (result as { errors: string[] }).errors;
  assert.ok(Array.isArray(list) && list.length > 0, 'a refusal says why');
  for (const e of list) assert.equal(typeof e, 'string');
  return list;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
