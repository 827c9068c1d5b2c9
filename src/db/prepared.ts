import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Db } from './database.js';
import { runSqlInTransaction } from './dialect.js';

const marker = '\u0000keel-param:';

/**
 * A query built and compiled once per database (per Kysely instance, so per dialect), then run
 * with new parameter values: for hot paths, where Kysely's building and compiling of a small query
 * costs more than running it. On SQLite the statement itself is also prepared once (see
 * withStatementCache in sqlite-dialect.ts).
 *
 * `build` receives placeholders for the parameters and must pass each one straight to Kysely as a
 * value (not inside an expression that changes it, e.g. JSON.stringify(p.x): stringify first and
 * pass the string). Every other value in the query is fixed at the first compile. The query's
 * shape must not depend on the values. Inside a SQLite transaction the statement is run directly
 * (runSqlInTransaction in sqlite-dialect.ts).
 */
export function prepared<P extends object, R>(
  build: (db: Db, p: P) => Compilable<R>,
): (db: Db, params: P) => Promise<QueryResult<R>> {
  const compiled = new WeakMap<object, { sql: string; slots: ({ name: string } | { value: unknown })[] }>();
  return (db, params) => {
    const key = db.getExecutor().adapter;
    let c = compiled.get(key);
    if (!c) {
      const placeholders = new Proxy({}, { get: (_, name) => `${marker}${String(name)}` }) as P;
      const q = build(db, placeholders).compile();
      c = {
        sql: q.sql,
        slots: q.parameters.map((v) =>
          typeof v === 'string' && v.startsWith(marker) ? { name: v.slice(marker.length) } : { value: v },
        ),
      };
      compiled.set(key, c);
    }
    const values = c.slots.map((s) => ('name' in s ? (params as Record<string, unknown>)[s.name] : s.value));
    // Inside a SQLite transaction the statement runs at once, without Kysely's executor.
    return runSqlInTransaction<R>(db, c.sql, values) ?? db.executeQuery<R>(CompiledQuery.raw(c.sql, values));
  };
}
