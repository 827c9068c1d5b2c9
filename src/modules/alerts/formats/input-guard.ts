import { limits } from './limits.js';
import { formatPath } from './issues.js';

/**
 * Checks that a body is plain JSON data of bounded size before any schema walks it: no deeper than
 * limits.depth, at most limits.nodes values, no lone UTF-16 surrogates or NUL characters in keys or
 * strings (neither survives a round trip through PostgreSQL text), no `__proto__` keys. The walk
 * is iterative, so a 10 000-level body cannot overflow the stack. Returns the first problem found.
 */
export function checkInput(body: unknown, root = 'body'): string[] {
  if (body === undefined || body === '') return [`${root} is empty`];
  const stack: { value: unknown; depth: number; path: PropertyKey[] }[] = [
    { value: body, depth: 0, path: [] },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (++nodes > limits.nodes) return [`${root} has more than ${limits.nodes} values`];
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return [`${where(path, root)} is not a finite number`];
      continue;
    }
    if (typeof value === 'string') {
      const bad = badText(value);
      if (bad) return [`${where(path, root)} ${bad}`];
      continue;
    }
    if (typeof value !== 'object') return [`${where(path, root)} is not JSON data`];
    if (depth >= limits.depth) return [`${root} is nested deeper than ${limits.depth} levels`];
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth: depth + 1, path: [...path, i] });
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return [`${where(path, root)} is not JSON data`];
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue; // absent, as JSON.stringify reads it
      if (key === '__proto__') return [`${where(path, root)} has the forbidden key __proto__`];
      const bad = badText(key);
      if (bad) return [`a key in ${where(path, root)} ${bad}`];
      stack.push({ value: child, depth: depth + 1, path: [...path, key] });
    }
  }
  return [];
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(text: string): string | null {
  if (loneSurrogate.test(text)) return 'contains a lone surrogate (invalid Unicode)';
  if (text.includes('\u0000')) return 'contains a NUL character';
  return null;
}

function where(path: PropertyKey[], root: string): string {
  return path.length === 0 ? root : formatPath(path, root === 'body' ? '' : root);
}
