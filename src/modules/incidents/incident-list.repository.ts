import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { DB, Db } from '../../db/database.js';
import { containsText, type DialectKind } from '../../db/dialect.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { IncidentSeverity, IncidentStatus, Priority } from './incidents.domain.js';
import type { IncidentRow } from './incidents.repository.js';
import type { IncidentSort } from './incidents.schema.js';

export interface IncidentFilter {
  status?: readonly IncidentStatus[] | undefined;
  service?: string | undefined;
  team?: string | undefined;
  severity?: IncidentSeverity | undefined;
  priority?: Priority | undefined;
  /** created_at ≥ since */
  since?: number | undefined;
  /** created_at < until */
  until?: number | undefined;
  q?: string | undefined;
  sort: IncidentSort;
  limit: number;
  cursor?: string | undefined;
}

type Query = SelectQueryBuilder<DB, 'incidents', object>;
type Eb = ExpressionBuilder<DB, 'incidents'>;

/** "#42" or "42" also finds incident 42. */
const numberIn = (q: string): number | null => {
  const m = /^#?(\d{1,15})$/.exec(q.trim());
  return m ? Number(m[1]) : null;
};

function filtered(db: Db, kind: DialectKind, f: IncidentFilter): Query {
  let q: Query = db.selectFrom('incidents');
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.service) q = q.where('service_id', '=', f.service);
  if (f.team) {
    const team = f.team;
    q = q.where('service_id', 'in', (eb) =>
      eb.selectFrom('services').select('services.id').where('services.owner_team_id', '=', team),
    );
  }
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.priority) q = q.where('priority', '=', f.priority);
  if (f.since !== undefined) q = q.where('created_at', '>=', f.since);
  if (f.until !== undefined) q = q.where('created_at', '<', f.until);
  const text = f.q?.trim();
  if (text) {
    const n = numberIn(text);
    q = q.where((eb) =>
      eb.or([
        containsText(kind, 'title', text),
        containsText(kind, 'description', text),
        ...(n === null ? [] : [eb('number', '=', n)]),
      ]),
    );
  }
  return q;
}

/** The keyset of a row under a sort; the cursor is the sort name and the last row's keyset. */
export function sortKey(sort: IncidentSort, r: IncidentRow): (string | number)[] {
  switch (sort) {
    case '-created_at':
    case 'created_at':
      return [sort, r.created_at, r.id];
    case 'priority':
      return [sort, r.priority, r.created_at, r.id];
    case 'number':
      return [sort, r.number];
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

const cursorShapes: Record<IncidentSort, ('string' | 'number')[]> = {
  '-created_at': ['string', 'number', 'string'],
  created_at: ['string', 'number', 'string'],
  priority: ['string', 'string', 'number', 'string'],
  number: ['string', 'number'],
};

function after(sort: IncidentSort, cursor: string): (eb: Eb) => ReturnType<Eb['or']> {
  const values = decodeCursor(cursor, cursorShapes[sort]);
  if (values[0] !== sort) {
    throw new AppError('validation_failed', 'The cursor belongs to another sort order.', {
      issues: [{ in: 'querystring', path: ['cursor'], message: 'was given out for another sort' }],
    });
  }
  return (eb) => {
    switch (sort) {
      case '-created_at': {
        const [, at, id] = values as [string, number, string];
        return eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]);
      }
      case 'created_at': {
        const [, at, id] = values as [string, number, string];
        return eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]);
      }
      case 'priority': {
        const [, p, at, id] = values as [string, Priority, number, string];
        return eb.or([
          eb('priority', '>', p),
          eb.and([
            eb('priority', '=', p),
            eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
          ]),
        ]);
      }
      case 'number':
        return eb.or([eb('number', '>', values[1] as number)]);
      default: {
        const never: never = sort;
        throw new Error(`unknown sort ${String(never)}`);
      }
    }
  };
}

function ordered(q: SelectQueryBuilder<DB, 'incidents', IncidentRow>, sort: IncidentSort) {
  switch (sort) {
    case '-created_at':
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc');
    case 'created_at':
      return q.orderBy('created_at', 'asc').orderBy('id', 'asc');
    case 'priority':
      // P1 < P2 < … as text, so ascending text order is most urgent first.
      return q.orderBy('priority', 'asc').orderBy('created_at', 'desc').orderBy('id', 'desc');
    case 'number':
      return q.orderBy('number', 'asc');
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

/** The query for one page (one row more than `limit`, for toPage); exported to check its plan. */
export function incidentPageQuery(db: Db, kind: DialectKind, f: IncidentFilter) {
  let page = filtered(db, kind, f).selectAll();
  if (f.cursor) page = page.where(after(f.sort, f.cursor));
  return ordered(page, f.sort).limit(f.limit + 1);
}

/**
 * One page of incidents and the total matching the filter. Keyset pages: every sort has an
 * index that serves it, so page N costs what page 1 does.
 */
export async function listIncidentRows(
  db: Db,
  kind: DialectKind,
  f: IncidentFilter,
): Promise<{ rows: IncidentRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    incidentPageQuery(db, kind, f).execute(),
    filtered(db, kind, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
