import { setFlagsFromString } from 'node:v8';
import { z } from 'zod';
import { compilePath, compilePattern, evaluatePath } from '../../alerts/index.js';

/**
 * What an HTTP check asserts about a response, beyond reaching it: the status, a keyword or
 * regular expression in the body, a JSON value. Pure functions over the (capped) body.
 */

/** A regular expression runs against at most this much of the body (backtracking is not linear). */
export const regexInputChars = 64 * 1024;

// ---- expected status codes -------------------------------------------------------------------

const statusSpec = z.union([
  z.number().int().min(100, 'a status code is 100–599').max(599, 'a status code is 100–599'),
  z
    .string()
    .regex(/^[1-5]\d\d(-[1-5]\d\d)?$/, 'must be a status code like "200" or a range like "200-299"')
    .refine((v) => {
      const [lo, hi] = v.split('-').map(Number);
      return hi === undefined || lo! <= hi;
    }, 'a range goes from low to high, like "200-299"'),
]);

export const expectedStatusSchema = z
  .array(statusSpec)
  .min(1, 'list at least one expected status code')
  .max(20)
  .default(['200-299']);

export type StatusSpec = z.infer<typeof statusSpec>;

export function statusMatches(status: number, specs: readonly StatusSpec[]): boolean {
  for (const spec of specs) {
    if (typeof spec === 'number') {
      if (status === spec) return true;
      continue;
    }
    const dash = spec.indexOf('-');
    const lo = Number(dash < 0 ? spec : spec.slice(0, dash));
    const hi = dash < 0 ? lo : Number(spec.slice(dash + 1));
    if (status >= lo && status <= hi) return true;
  }
  return false;
}

// ---- keyword / regular expression ------------------------------------------------------------

export const bodyMatchSchema = z
  .object({
    kind: z.enum(['keyword', 'regex'], { message: 'kind must be "keyword" or "regex"' }),
    value: z.string().min(1, 'the keyword or pattern is empty').max(256, 'at most 256 characters'),
    /** true: the check fails when the value IS found. */
    absent: z.boolean().default(false),
    caseSensitive: z.boolean().default(true),
  })
  .superRefine((m, ctx) => {
    if (m.kind !== 'regex') return;
    const compiled = compilePattern(m.value, false);
    if (!compiled.ok)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `pattern ${compiled.message}` });
  });
export type BodyMatch = z.infer<typeof bodyMatchSchema>;

const regexCache = new Map<string, RegExp>();

let linearEngine: boolean | undefined;

/**
 * The pattern on V8's linear-time engine (the `l` flag), or null when it cannot run there:
 * case-insensitive patterns and large bounded repeats (`a{1,100}`) are not supported by it, and
 * keep the backtracking engine with the saved-pattern checks and the 64 KiB input cap. The flag
 * that enables `l` only changes how RegExp flags are parsed, so turning it on at run time
 * affects no other expression.
 */
function linearRegExp(source: string, flags: string): RegExp | null {
  if (linearEngine === undefined) {
    try {
      setFlagsFromString('--enable-experimental-regexp-engine');
      const linearFlag = 'l'; // a variable: the linter knows only the standard flags
      linearEngine = new RegExp('a', linearFlag).flags.includes('l');
    } catch {
      linearEngine = false;
    }
  }
  if (!linearEngine) return null;
  try {
    return new RegExp(source, `${flags}l`);
  } catch {
    return null;
  }
}

function compiledRegex(m: BodyMatch): RegExp {
  const key = `${m.caseSensitive ? 's' : 'i'}${m.value}`;
  let regex = regexCache.get(key);
  if (!regex) {
    const compiled = compilePattern(m.value, false);
    if (!compiled.ok) throw new Error(`pattern ${compiled.message}`);
    const flags = compiled.regex.flags.includes('i') || !m.caseSensitive ? 'i' : '';
    regex = linearRegExp(compiled.regex.source, flags) ?? new RegExp(compiled.regex.source, flags);
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, regex);
  }
  return regex;
}

/** Null when the body satisfies the match, else the failure message. */
export function checkBodyMatch(m: BodyMatch, body: string, truncated: boolean): string | null {
  let found: boolean;
  if (m.kind === 'keyword') {
    found = m.caseSensitive ? body.includes(m.value) : body.toLowerCase().includes(m.value.toLowerCase());
  } else {
    const input = body.length > regexInputChars ? body.slice(0, regexInputChars) : body;
    found = compiledRegex(m).test(input);
  }
  const what = m.kind === 'keyword' ? `keyword ${quote(m.value)}` : `pattern /${m.value}/`;
  if (found && m.absent) return `${what} found`;
  if (!found && !m.absent) {
    const scope = m.kind === 'regex' && body.length > regexInputChars ? ' in the first 64 KiB' : '';
    return `${what} not found${scope || (truncated ? ' in the first 1 MiB' : '')}`;
  }
  return null;
}

// ---- JSON path ------------------------------------------------------------------------------

export const jsonOperators = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'exists', 'missing'] as const;
export type JsonOperator = (typeof jsonOperators)[number];

export const jsonAssertionSchema = z
  .object({
    path: z.string().min(1).max(512),
    op: z.enum(jsonOperators, { message: `op must be one of ${jsonOperators.join(' ')}` }).default('=='),
    value: z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]).optional(),
  })
  .superRefine((a, ctx) => {
    const compiled = compilePath(a.path);
    if (!compiled.ok)
      ctx.addIssue({ code: 'custom', path: ['path'], message: `JSON path ${compiled.error}` });
    if (a.op !== 'exists' && a.op !== 'missing' && a.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${a.op} needs a value to compare with` });
    }
    if (['<', '<=', '>', '>='].includes(a.op) && a.value !== undefined && !isNumeric(a.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${a.op} needs a number` });
    }
  });
export type JsonAssertion = z.infer<typeof jsonAssertionSchema>;

function isNumeric(v: unknown): boolean {
  return (
    (typeof v === 'number' && Number.isFinite(v)) ||
    (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
  );
}

/** A JSON value as a message shows it, short. */
function show(v: unknown): string {
  const text = v === undefined ? 'missing' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function quote(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

/**
 * Loose equality the way people write expectations: 200 equals "200", true equals "true";
 * objects and arrays compare by their JSON.
 */
function same(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || expected === null || actual === undefined) return false;
  if (typeof actual === 'object') return JSON.stringify(actual) === String(expected);
  return String(actual) === String(expected);
}

/** Null when the body satisfies the assertion, else the failure message. */
export function checkJson(a: JsonAssertion, body: string, truncated: boolean): string | null {
  if (truncated) return 'body is larger than 1 MiB; the JSON check needs all of it';
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  const compiled = compilePath(a.path);
  if (!compiled.ok) return `JSON path ${compiled.error}`;
  const actual = evaluatePath(compiled.segments, root);
  const fail = (expected: string) => `${a.path} is ${show(actual)}, expected ${expected}`;
  switch (a.op) {
    case 'exists':
      return actual === undefined ? `${a.path} is missing` : null;
    case 'missing':
      return actual === undefined ? null : fail('missing');
    case '==':
      return same(actual, a.value) ? null : fail(show(a.value));
    case '!=':
      return same(actual, a.value) ? fail(`not ${show(a.value)}`) : null;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!isNumeric(actual)) return fail(`a number ${a.op} ${show(a.value)}`);
      const x = Number(actual);
      const y = Number(a.value);
      const ok = a.op === '<' ? x < y : a.op === '<=' ? x <= y : a.op === '>' ? x > y : x >= y;
      return ok ? null : fail(`${a.op} ${show(a.value)}`);
    }
    case 'contains': {
      const needle = String(a.value);
      const ok = Array.isArray(actual)
        ? actual.some((item) => same(item, a.value))
        : typeof actual === 'string' && actual.includes(needle);
      return ok ? null : fail(`to contain ${show(a.value)}`);
    }
    default: {
      const never: never = a.op;
      return `unknown operator ${String(never)}`;
    }
  }
}
