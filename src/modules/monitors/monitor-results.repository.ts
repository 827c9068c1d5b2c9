import { CompiledQuery, sql, type Compilable, type Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { runInTransaction } from '../../db/dialect.js';
import { bucketCount, emptyRollup, type Rollup } from './rollups.domain.js';
import type { MonitorResultsTable, MonitorRollupsTable, RollupPeriod } from './monitors.table.js';

/** Raw results and rollups: batched writes, additive upserts, range reads and purges. */

/**
 * A multi-row statement built and compiled by Kysely once per database and row count, then run
 * with each batch's values (the results and rollups of every writer batch: Kysely's building of
 * a few hundred values cost more than SQLite's running of them). Rows go in chunks of 64, 32, …,
 * 1, so at most seven statements per table are ever compiled (and kept by SQLite's statement
 * cache). `build` must turn `rows` into a statement whose parameters are exactly their values,
 * row after row in `columns` order: checked at the first compile.
 */
function multiRow<R extends object>(
  columns: readonly (keyof R & string)[],
  build: (db: Db, rows: R[]) => Compilable<unknown>,
): (db: Db, rows: readonly R[]) => Promise<void> {
  const compiled = new WeakMap<object, Map<number, string>>();
  const sqlFor = (db: Db, size: number): string => {
    const adapter = db.getExecutor().adapter;
    let bySize = compiled.get(adapter);
    if (!bySize) compiled.set(adapter, (bySize = new Map()));
    let text = bySize.get(size);
    if (text === undefined) {
      const marker = (r: number, c: number) => `\u0000row${r}:${c}`;
      const rows = Array.from(
        { length: size },
        (_, r) => Object.fromEntries(columns.map((c, j) => [c, marker(r, j)])) as R,
      );
      const q = build(db, rows).compile();
      const expected = rows.flatMap((_, r) => columns.map((_c, j) => marker(r, j)));
      if (q.parameters.length !== expected.length || q.parameters.some((v, i) => v !== expected[i]))
        throw new Error('multiRow: the statement does not take the rows as its parameters');
      text = q.sql;
      bySize.set(size, text);
    }
    return text;
  };
  return async (db, rows) => {
    let i = 0;
    while (i < rows.length) {
      let size = 64;
      while (size > rows.length - i) size >>= 1;
      const values: unknown[] = [];
      for (let r = i; r < i + size; r++) {
        const row = rows[r] as Record<string, unknown>;
        for (const c of columns) values.push(row[c]);
      }
      const query = CompiledQuery.raw(sqlFor(db, size), values);
      await (runInTransaction(db, query) ?? db.executeQuery(query));
      i += size;
    }
  };
}

const resultColumns = ['monitor_id', 'at', 'status', 'latency_ms', 'message'] as const;

/** Raw results, in chunks; a repeat (same monitor, same millisecond: a check re-run after a lost lease) is dropped. */
export const insertResults = multiRow<Insertable<MonitorResultsTable>>(resultColumns, (db, rows) =>
  db
    .insertInto('monitor_results')
    .values(rows)
    .onConflict((oc) => oc.columns(['monitor_id', 'at']).doNothing()),
);

const hCols = Array.from({ length: bucketCount }, (_, i) => `h${i}` as `h${number}`);
const rollupColumns = [
  'monitor_id',
  'period',
  'bucket_start',
  'checks',
  'failures',
  'degraded',
  'latency_sum',
  ...hCols,
] as (keyof MonitorRollupsTable & string)[];

export interface RollupKey {
  monitorId: string;
  period: RollupPeriod;
  bucketStart: number;
}

const upsertRollups = multiRow<Insertable<MonitorRollupsTable>>(rollupColumns, (db, rows) =>
  db
    .insertInto('monitor_rollups')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['monitor_id', 'period', 'bucket_start']).doUpdateSet(() => {
        const add = (c: string) => sql`${sql.ref(`monitor_rollups.${c}`)} + ${sql.ref(`excluded.${c}`)}`;
        return Object.fromEntries(
          ['checks', 'failures', 'degraded', 'latency_sum', ...hCols].map((c) => [c, add(c)]),
        ) as never;
      }),
    ),
);

/**
 * Adds each rollup to its stored row (one row per monitor, period and bucket): an insert, or on
 * conflict every counter plus the new one, so concurrent writers on several nodes merge, never
 * overwrite. Keys must be distinct within one call (PostgreSQL refuses a row updated twice).
 */
export async function addRollups(db: Db, rollups: [RollupKey, Rollup][]): Promise<void> {
  const rows = rollups.map(([k, r]) => {
    const row: Record<string, unknown> = {
      monitor_id: k.monitorId,
      period: k.period,
      bucket_start: k.bucketStart,
      checks: r.checks,
      failures: r.failures,
      degraded: r.degraded,
      latency_sum: r.latencySum,
    };
    for (let j = 0; j < hCols.length; j++) row[hCols[j]!] = r.histogram[j] ?? 0;
    return row as unknown as Insertable<MonitorRollupsTable>;
  });
  await upsertRollups(db, rows);
}

export interface StoredRollup extends Rollup {
  bucketStart: number;
}

/** One monitor's rollups of a period in [from, to), oldest first. */
export async function readRollups(
  db: Db,
  monitorId: string,
  period: RollupPeriod,
  from: number,
  to: number,
): Promise<StoredRollup[]> {
  const rows = await db
    .selectFrom('monitor_rollups')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .where('period', '=', period)
    .where('bucket_start', '>=', from)
    .where('bucket_start', '<', to)
    .orderBy('bucket_start')
    .execute();
  return rows.map((r) => {
    const out = emptyRollup();
    out.checks = Number(r.checks);
    out.failures = Number(r.failures);
    out.degraded = Number(r.degraded);
    out.latencySum = Number(r.latency_sum);
    out.histogram = hCols.map((c) => Number((r as unknown as Record<string, number>)[c]));
    return { ...out, bucketStart: Number(r.bucket_start) };
  });
}

/** Latest raw results of a monitor, newest first (state history and the detail page's table). */
export function recentResults(db: Db, monitorId: string, limit: number) {
  return db
    .selectFrom('monitor_results')
    .select(['at', 'status', 'latency_ms', 'message'])
    .where('monitor_id', '=', monitorId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

/** Deletes raw results before `before` and rollups of each period before its cutoff; counts rows. */
export async function purgeMonitorData(
  db: Db,
  rawBefore: number,
  rollupBefore: Record<RollupPeriod, number>,
): Promise<number> {
  let n = 0;
  const raw = await db.deleteFrom('monitor_results').where('at', '<', rawBefore).executeTakeFirst();
  n += Number(raw.numDeletedRows);
  for (const period of ['m', 'h', 'd'] as const) {
    const r = await db
      .deleteFrom('monitor_rollups')
      .where('period', '=', period)
      .where('bucket_start', '<', rollupBefore[period])
      .executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}

/**
 * Uptime per monitor over several windows in one query (the list page): rollups of one period since
 * the widest window, with a conditional sum per window. `since` maps a window name to its start.
 */
export async function uptimeForMonitors(
  db: Db,
  ids: readonly string[],
  period: RollupPeriod,
  since: Record<string, number>,
): Promise<Map<string, Record<string, { checks: number; failures: number }>>> {
  const out = new Map<string, Record<string, { checks: number; failures: number }>>();
  if (ids.length === 0) return out;
  const windows = Object.entries(since);
  const from = Math.min(...windows.map(([, t]) => t));
  const rows = await db
    .selectFrom('monitor_rollups')
    .select('monitor_id')
    .select((eb) =>
      windows.flatMap(([, t], i) => [
        eb.fn.sum<number>(sql`case when bucket_start >= ${t} then checks else 0 end`).as(`c${i}`),
        eb.fn.sum<number>(sql`case when bucket_start >= ${t} then failures else 0 end`).as(`f${i}`),
      ]),
    )
    .where('monitor_id', 'in', [...ids])
    .where('period', '=', period)
    .where('bucket_start', '>=', from)
    .groupBy('monitor_id')
    .execute();
  for (const r of rows as unknown as Record<string, string | number>[]) {
    out.set(
      String(r.monitor_id),
      Object.fromEntries(
        windows.map(([name], i) => [
          name,
          { checks: Number(r[`c${i}`] ?? 0), failures: Number(r[`f${i}`] ?? 0) },
        ]),
      ),
    );
  }
  return out;
}
