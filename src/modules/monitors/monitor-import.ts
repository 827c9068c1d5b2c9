import type { Actor, ServiceContext } from '../../lib/context.js';
import { createMonitorBody, type CreateMonitorInput, type MonitorView } from './monitors.schema.js';
import { invalid, type Issue } from './monitors.input.js';
import { createMonitors } from './monitors.service.js';

/**
 * Bulk import input: a JSON array of monitors (the create body), or CSV with a header row.
 * CSV columns: name, type, serviceId, intervalSeconds, timeoutMs, retries, degradedAboveMs,
 * inverted, paused, dependsOn (ids separated by spaces), config (JSON), and shortcuts merged into
 * config: url, host, port, method. Rows are numbered from 0 (the first data row).
 */

/** RFC 4180 CSV: quoted fields with "" escapes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const numeric = new Set(['intervalSeconds', 'timeoutMs', 'retries', 'degradedAboveMs', 'port']);
const configShortcuts = new Set(['url', 'host', 'port', 'method']);

function csvValue(column: string, raw: string): unknown {
  if (numeric.has(column)) return raw === '' ? undefined : Number(raw);
  if (column === 'inverted' || column === 'paused')
    return raw === '' ? undefined : /^(true|1|yes)$/i.test(raw);
  if (column === 'dependsOn') return raw.trim() === '' ? [] : raw.trim().split(/\s+/);
  return raw === '' ? undefined : raw;
}

/** CSV rows as create bodies (before validation); issues for a bad header or config JSON. */
export function csvToObjects(text: string): { rows: Record<string, unknown>[]; issues: Issue[] } {
  const [header, ...data] = parseCsv(text);
  if (!header) return { rows: [], issues: [{ path: ['csv'], message: 'the CSV has no header row' }] };
  const issues: Issue[] = [];
  const rows = data.map((cells, r) => {
    const out: Record<string, unknown> = {};
    const config: Record<string, unknown> = {};
    header.forEach((col, c) => {
      const name = col.trim();
      const value = csvValue(name, cells[c] ?? '');
      if (value === undefined) return;
      if (name === 'config') {
        try {
          Object.assign(config, JSON.parse(String(value)));
        } catch {
          issues.push({ path: [r, 'config'], message: 'config is not valid JSON' });
        }
      } else if (configShortcuts.has(name)) config[name] = value;
      else out[name] = value;
    });
    out.config = config;
    return out;
  });
  return { rows, issues };
}

/** Validates every row against the create body; issues carry the row index first. */
export function validateRows(rows: unknown[]): {
  inputs: CreateMonitorInput[];
  rowIndexes: number[];
  issues: Issue[];
} {
  const inputs: CreateMonitorInput[] = [];
  const rowIndexes: number[] = [];
  const issues: Issue[] = [];
  rows.forEach((row, i) => {
    const parsed = createMonitorBody.safeParse(row);
    if (parsed.success) {
      inputs.push(parsed.data);
      rowIndexes.push(i);
    } else
      issues.push(
        ...parsed.error.issues.map((is) => ({
          path: [i, ...is.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: is.message,
        })),
      );
  });
  return { inputs, rowIndexes, issues };
}

export const maxImportRows = 5000;

/** All or nothing: any row's issue answers 400 listing every row's issues; nothing is written. */
export async function importMonitors(
  ctx: ServiceContext,
  actor: Actor,
  body: unknown[] | { csv: string },
): Promise<MonitorView[]> {
  const { rows, issues: csvIssues } = Array.isArray(body)
    ? { rows: body, issues: [] }
    : csvToObjects(body.csv);
  if (rows.length === 0) throw invalid([{ path: [], message: 'nothing to import' }]);
  if (rows.length > maxImportRows)
    throw invalid([{ path: [], message: `at most ${maxImportRows} monitors per import` }]);
  const { inputs, rowIndexes, issues } = validateRows(rows);
  // Rows that passed the shape are still checked (config, service, dependencies), so one answer
  // lists every row's issues; createMonitors throws if there are any.
  return createMonitors(ctx, actor, inputs, { bulk: true, rowIndexes, issues: [...csvIssues, ...issues] });
}
