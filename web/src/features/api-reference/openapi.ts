/**
 * Just enough of OpenAPI 3.1 to render a readable reference: operations grouped by tag, with
 * `$ref`s into components resolved and schemas flattened into field rows.
 */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface Parameter {
  $ref?: string;
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface MediaType {
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: {
    $ref?: string;
    required?: boolean;
    description?: string;
    content?: Record<string, MediaType>;
  };
  responses?: Record<string, { $ref?: string; description?: string; content?: Record<string, MediaType> }>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDoc {
  openapi: string;
  info?: { title?: string; version?: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation | Parameter[] | string>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

export const methods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

export interface OperationEntry {
  id: string;
  method: string;
  path: string;
  op: Operation;
  parameters: Parameter[];
}

/** Follows a local `#/components/...` reference; unknown references come back unchanged. */
export function deref<T extends { $ref?: string }>(doc: OpenApiDoc, value: T, seen = new Set<string>()): T {
  const ref = value.$ref;
  if (!ref || !ref.startsWith('#/') || seen.has(ref)) return value;
  seen.add(ref);
  let target: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return target ? deref(doc, target as T, seen) : value;
}

export function refName(schema: Schema): string | null {
  return schema.$ref ? (schema.$ref.split('/').pop() ?? null) : null;
}

/** Operations grouped by their first tag, in the document's tag order, then alphabetically. */
export function groupByTag(doc: OpenApiDoc): { tag: string; description?: string; ops: OperationEntry[] }[] {
  const groups = new Map<string, OperationEntry[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = Array.isArray(item.parameters) ? (item.parameters as Parameter[]) : [];
    for (const method of methods) {
      const op = item[method] as Operation | undefined;
      if (!op || typeof op !== 'object') continue;
      const params = [...shared, ...(op.parameters ?? [])].map((p) => deref(doc, p));
      const tag = op.tags?.[0] ?? 'Other';
      const entry = {
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-'),
        method,
        path,
        op,
        parameters: params,
      };
      groups.set(tag, [...(groups.get(tag) ?? []), entry]);
    }
  }
  const order = (doc.tags ?? []).map((t) => t.name);
  const rank = (t: string): number => (order.includes(t) ? order.indexOf(t) : order.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([tag, ops]) => {
      const description = doc.tags?.find((t) => t.name === tag)?.description;
      return { tag, ...(description ? { description } : {}), ops };
    });
}

/** A short type label: `string (email)`, `array of Team`, `"a" | "b"`, `integer | null`. */
export function typeLabel(doc: OpenApiDoc, schema: Schema | undefined): string {
  if (!schema) return 'any';
  const name = refName(schema);
  const s = deref(doc, schema);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const union = s.oneOf ?? s.anyOf;
  if (union) return union.map((u) => typeLabel(doc, u)).join(' | ');
  if (s.allOf) return s.allOf.map((u) => typeLabel(doc, u)).join(' & ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const labels = types.map((t) => {
    if (t === 'array') return `array of ${typeLabel(doc, s.items)}`;
    if (t === 'object' && name) return name;
    return s.format ? `${t} (${s.format})` : t;
  });
  if (s.nullable) labels.push('null');
  if (labels.length === 0) return name ?? (s.properties ? 'object' : 'any');
  return labels.join(' | ');
}

export interface FieldRow {
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description: string;
}

/** Object schemas as rows (nested objects and arrays of objects indented), up to a few levels. */
export function fieldRows(
  doc: OpenApiDoc,
  schema: Schema | undefined,
  depth = 0,
  seen = new Set<string>(),
): FieldRow[] {
  if (!schema || depth > 4) return [];
  const ref = schema.$ref;
  if (ref && seen.has(ref)) return [];
  const nextSeen = ref ? new Set([...seen, ref]) : seen;
  const s = deref(doc, schema);
  if (s.allOf) return s.allOf.flatMap((part) => fieldRows(doc, part, depth, nextSeen));
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  return Object.entries(props).flatMap(([name, prop]) => {
    const p = deref(doc, prop);
    const bits = [p.description ?? ''];
    if (p.default !== undefined) bits.push(`Default ${JSON.stringify(p.default)}.`);
    if (p.minLength !== undefined) bits.push(`Min length ${p.minLength}.`);
    if (p.maxLength !== undefined) bits.push(`Max length ${p.maxLength}.`);
    const row: FieldRow = {
      name,
      depth,
      type: typeLabel(doc, prop),
      required: required.has(name),
      description: bits.filter(Boolean).join(' '),
    };
    const inner = p.items ? deref(doc, p.items) : p;
    const nested =
      inner.properties || inner.allOf ? fieldRows(doc, p.items ?? prop, depth + 1, nextSeen) : [];
    return [row, ...nested];
  });
}
