import type { Issue } from '../../lib/api.js';

/**
 * Bulk import, client side: what was pasted (a JSON array or CSV with a header row), parsed only
 * to preview it; the server validates every row and answers all or nothing.
 */
export interface ImportPreview {
  format: 'json' | 'csv';
  /** What the server receives. */
  body: unknown[] | { csv: string };
  rows: { name: string; type: string; service: string; target: string }[];
  /** A parse problem that stops the import before it is sent. */
  error: string | null;
}

/** RFC 4180: quoted fields with "" escapes, CRLF or LF line ends, blank lines skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = (): void => {
    row.push(field);
    if (row.some((f) => f !== '')) rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  endRow();
  return rows;
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function targetOfRaw(r: Record<string, unknown>): string {
  const c = (typeof r.config === 'object' && r.config !== null ? r.config : {}) as Record<string, unknown>;
  const get = (k: string): string => text(r[k]) || text(c[k]);
  return get('url') || [get('host'), get('port')].filter(Boolean).join(':') || get('name');
}

export function previewImport(pasted: string): ImportPreview {
  const trimmed = pasted.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      return {
        format: 'json',
        body: [],
        rows: [],
        error: `This is not valid JSON: ${(err as Error).message}`,
      };
    }
    if (!Array.isArray(parsed))
      return {
        format: 'json',
        body: [],
        rows: [],
        error: 'Paste a JSON array of monitors: [{"name": …}, …].',
      };
    const rows = parsed.map((r) => {
      const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      return { name: text(o.name), type: text(o.type), service: text(o.serviceId), target: targetOfRaw(o) };
    });
    return { format: 'json', body: parsed, rows, error: null };
  }
  const [header, ...data] = parseCsv(trimmed);
  if (!header) return { format: 'csv', body: { csv: '' }, rows: [], error: null };
  const cols = header.map((h) => h.trim());
  const rows = data.map((cells) => {
    const o = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    let config: Record<string, unknown> = {};
    try {
      config = o.config ? (JSON.parse(o.config) as Record<string, unknown>) : {};
    } catch {
      // The server reports a bad config cell on its row.
    }
    return {
      name: o.name ?? '',
      type: o.type ?? '',
      service: o.serviceId ?? '',
      target: targetOfRaw({ ...o, config }),
    };
  });
  const missing = ['name', 'type', 'serviceId'].filter((c) => !cols.includes(c));
  return {
    format: 'csv',
    body: { csv: trimmed },
    rows,
    error: missing.length ? `The header row needs these columns too: ${missing.join(', ')}.` : null,
  };
}

/** The server's issues by row (their path starts with the row index); others under -1. */
export function issuesByRow(issues: Issue[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const i of issues) {
    const [first, ...rest] = i.path;
    const row = typeof first === 'number' ? first : /^\d+$/.test(String(first)) ? Number(first) : -1;
    const where = (row === -1 ? i.path : rest).join('.');
    const list = out.get(row) ?? [];
    list.push(where ? `${where}: ${i.message}` : i.message);
    out.set(row, list);
  }
  return out;
}

export const csvExample = `name,type,serviceId,url,intervalSeconds
Checkout health,http,<service id>,https://checkout.example.com/health,30`;
