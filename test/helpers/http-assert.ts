import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

/** The catalogue error body: `{"error":{"code","message","details"}}`. */
export interface ErrorBodyShape {
  error: { code: string; message: string; details: unknown };
}

/**
 * Asserts an exact status and catalogue code, and that the body has exactly the catalogue shape.
 * Returns the parsed error for further checks.
 */
export function assertError(
  res: LightMyRequestResponse,
  status: number,
  code: string,
): ErrorBodyShape['error'] {
  assert.equal(res.statusCode, status, `expected ${status} ${code}, got ${res.statusCode}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json<ErrorBodyShape>();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'details', 'message']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  return body.error;
}

/** Asserts the status, failing with the body so a wrong answer explains itself. */
export function assertStatus(res: LightMyRequestResponse, status: number): void {
  assert.equal(res.statusCode, status, `expected ${status}, got ${res.statusCode}: ${res.body}`);
}

/** The paths of `details.issues` of a validation error, e.g. [['currentPassword']]. */
export function issuePaths(details: unknown): unknown[] {
  const issues = (details as { issues?: { path: unknown }[] } | null)?.issues;
  assert.ok(Array.isArray(issues), `details.issues missing in ${JSON.stringify(details)}`);
  return issues.map((i) => i.path);
}
