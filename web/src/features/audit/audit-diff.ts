/**
 * A field-by-field comparison of an audit entry's `before` and `after` JSON. Nested objects are
 * flattened to dotted paths so a change deep inside shows as one row.
 */
export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';

export interface FieldChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
  kind: ChangeKind;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix || '(value)', JSON.stringify(value));
}

export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, '', b);
  if (after !== null && after !== undefined) flatten(after, '', a);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.map((path) => {
    const was = b.get(path);
    const now = a.get(path);
    const kind: ChangeKind =
      was === undefined ? 'added' : now === undefined ? 'removed' : was === now ? 'same' : 'changed';
    return { path, before: was, after: now, kind };
  });
}
