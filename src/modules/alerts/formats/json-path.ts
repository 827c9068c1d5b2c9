/**
 * A deliberately tiny JSONPath subset for webhook field mappings: `$`, `$.a.b`, `$.a[0].b`,
 * `$.items[-1]` (from the end), `$['key with space']`, `$["it's"]`. No wildcards, filters,
 * recursion or script: a path names at most one value, and evaluating it only reads own
 * properties, so `$.constructor` or `$.__proto__` find nothing.
 */
export type PathSegment = string | number;
export type CompiledPath = { ok: true; segments: PathSegment[] } | { ok: false; error: string };

const maxPathChars = 512;
const maxSegments = 32;

export function compilePath(path: string): CompiledPath {
  if (path.length > maxPathChars) return { ok: false, error: `is longer than ${maxPathChars} characters` };
  if (!path.startsWith('$')) return { ok: false, error: 'must start with $' };
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    if (segments.length >= maxSegments) return { ok: false, error: `has more than ${maxSegments} steps` };
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1));
      if (!m) return { ok: false, error: `needs a field name after "." at position ${i + 1}` };
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const index = /^\[(-?\d{1,9})\]/.exec(path.slice(i));
      if (index) {
        segments.push(Number(index[1]));
        i += index[0].length;
        continue;
      }
      const quoted = readQuoted(path, i + 1);
      if (!quoted || path[quoted.end] !== ']') {
        return { ok: false, error: `needs [number] or ['name'] at position ${i + 1}` };
      }
      segments.push(quoted.text);
      i = quoted.end + 1;
    } else {
      return { ok: false, error: `has an unexpected ${JSON.stringify(c)} at position ${i + 1}` };
    }
  }
  return { ok: true, segments };
}

/** A quoted name starting at `start` (the quote), with \\ and \<quote> as the only escapes. */
function readQuoted(path: string, start: number): { text: string; end: number } | null {
  const quote = path[start];
  if (quote !== "'" && quote !== '"') return null;
  let text = '';
  for (let i = start + 1; i < path.length; i++) {
    const c = path[i]!;
    if (c === quote) return { text, end: i + 1 };
    if (c === '\\') {
      const next = path[i + 1];
      if (next !== quote && next !== '\\') return null;
      text += next;
      i++;
    } else text += c;
  }
  return null;
}

/** The value a compiled path names, or undefined when there is none. */
export function evaluatePath(segments: readonly PathSegment[], root: unknown): unknown {
  let value = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(value)) return undefined;
      const index = segment < 0 ? value.length + segment : segment;
      value = index >= 0 && index < value.length ? (value[index] as unknown) : undefined;
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      value = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
    }
    if (value === undefined) return undefined;
  }
  return value;
}
