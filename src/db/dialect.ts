import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { PostgresDialect, SqliteDialect, type Dialect, type SelectQueryBuilder } from 'kysely';
import pg from 'pg';

/**
 * The one seam between SQLite and PostgreSQL. Everything that differs between the two
 * databases lives in this file; repositories ask it instead of branching themselves.
 */
export type DialectKind = 'sqlite' | 'postgres';

export interface DialectOptions {
  /** SQLite `synchronous` pragma: NORMAL survives a process kill in WAL mode, FULL also a power loss. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface DialectHandle {
  kind: DialectKind;
  dialect: Dialect;
  /** Closes anything the dialect opened beyond Kysely's own destroy (nothing today). */
  describe: string;
}

// PostgreSQL returns int8 (bigint: our epoch-millisecond timestamps, count(*)) as strings.
// Every such value Keel stores fits a double exactly, so parse them as numbers once, here.
pg.types.setTypeParser(20, (v: string) => Number(v));
// numeric (sum/avg results) as numbers too.
pg.types.setTypeParser(1700, (v: string) => Number(v));

export function dialectKindOf(url: string): DialectKind {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(`unsupported database url: ${url.split(':')[0]}`);
}

export function sqlitePathOf(url: string): string {
  return url.slice('sqlite:'.length);
}

export function createDialect(url: string, options: DialectOptions = {}): DialectHandle {
  const kind = dialectKindOf(url);
  if (kind === 'sqlite') {
    const path = sqlitePathOf(url);
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    const database = new SqliteDatabase(path || ':memory:');
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return { kind, dialect: new SqliteDialect({ database }), describe: `sqlite:${path}` };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const safe = new URL(url);
  return { kind, dialect: new PostgresDialect({ pool }), describe: `postgres://${safe.host}${safe.pathname}` };
}

/** Row locking for claim queries: PostgreSQL skips rows other nodes hold; SQLite has one writer. */
export function lockForClaim<DB, TB extends keyof DB, O>(
  kind: DialectKind,
  qb: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return kind === 'postgres' ? qb.forUpdate().skipLocked() : qb;
}

/** Case-insensitive LIKE: SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE. */
export function likeOperator(kind: DialectKind): 'like' | 'ilike' {
  return kind === 'postgres' ? 'ilike' : 'like';
}

/** True when the error is a unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a foreign-key violation on either database. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
