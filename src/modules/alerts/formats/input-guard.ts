import { formatPath } from './issues.js';
import { limits } from './limits.js';

interface Node {
  value: unknown;
  depth: number;
  parent: Node | null;
  key: PropertyKey;
}

/**
 * Checks that a body is plain JSON data of bounded size before any schema walks it: no deeper than
 * limits.depth, at most limits.nodes values, no lone UTF-16 surrogates or NUL characters in keys or
 * strings (neither survives a round trip through PostgreSQL text), no `__proto__` keys. The walk
 * is iterative, so a 10 000-level body cannot overflow the stack. Properties whose value is
 * undefined count as absent, as JSON.stringify reads them. Returns the first problem found, its
 * place named from `root`.
 */
export function checkInput(body: unknown, root = 'body'): string[] {
  if (body === undefined || body === '') return [`${root} is empty`];
  const where = (node: Node): string => {
    const path: PropertyKey[] = [];
    for (let n: Node | null = node; n?.parent; n = n.parent) path.push(n.key);
    return path.length === 0 ? root : formatPath(path.reverse(), root === 'body' ? '' : root);
  };
  const stack: Node[] = [{ value: body, depth: 0, parent: null, key: '' }];
  const tooMany = [`${root} has more than ${limits.nodes} values`];
  let nodes = 1; // counted when pushed, so a huge array fails before it is walked
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return [`${where(node)} is not a finite number`];
      continue;
    }
    if (typeof value === 'string') {
      const bad = badText(value);
      if (bad) return [`${where(node)} ${bad}`];
      continue;
    }
    if (typeof value !== 'object') return [`${where(node)} is not JSON data`];
    if (node.depth >= limits.depth) return [`${root} is nested deeper than ${limits.depth} levels`];
    const depth = node.depth + 1;
    if (Array.isArray(value)) {
      if ((nodes += value.length) > limits.nodes) return tooMany;
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth, parent: node, key: i });
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return [`${where(node)} is not JSON data`];
    const keys = Object.keys(value);
    if ((nodes += keys.length) > limits.nodes) return tooMany;
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      if (key === '__proto__') return [`${where(node)} has the forbidden key __proto__`];
      const bad = badText(key);
      if (bad) return [`a key in ${where(node)} ${bad}`];
      stack.push({ value: child, depth, parent: node, key });
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
