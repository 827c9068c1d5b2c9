import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryExecutorProvider,
  type QueryResult,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';
import { backstopAutocheckpointPages, startCheckpointer } from './sqlite-checkpointer.js';

/**
 * SQLite's side of the dialect seam (dialect.ts): how a connection is opened and configured, and
 * how Keel runs statements on it faster than Kysely's stock SQLite driver would.
 */
export interface SqliteOptions {
  /** SQLite `synchronous` pragma: NORMAL survives a process kill in WAL mode, FULL also a power loss. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** Called with every query's duration, for metrics. */
  onQuery?: (durationMs: number, failed: boolean) => void;
  /**
   * SQLite: whether this connection checkpoints the WAL from its own worker thread (the default).
   * A second connection to the same file (the ingest writer thread) leaves that to the first and
   * keeps only the large automatic backstop.
   */
  sqliteCheckpointer?: boolean;
}

export interface SqliteDialectHandle {
  dialect: Dialect;
  /**
   * Resolves once everything the dialect opened is closed, the checkpointer thread's connection
   * included (Kysely's destroy() closes the main connection only and does not wait for threads).
   */
  closed(): Promise<void>;
}

/** Opens `path` (':memory:' or '' for an in-memory database) as a Kysely dialect. */
export function createSqliteDialect(path: string, options: SqliteOptions): SqliteDialectHandle {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path || ':memory:');
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // A file database is checkpointed by a worker thread, off the event loop (sqlite-checkpointer.ts).
  const file = path !== ':memory:' && path !== '';
  const checkpointer = file && options.sqliteCheckpointer !== false ? startCheckpointer(path) : null;
  if (file) database.pragma(`wal_autocheckpoint = ${backstopAutocheckpointPages}`);
  // SQLite's LIKE and lower() fold ASCII only; containsText folds with this, as PostgreSQL's
  // ILIKE does, so "élodie" finds "Élodie" on both databases.
  database.function('keel_lower', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? v.toLowerCase() : v,
  );
  let stopped: Promise<void> = Promise.resolve();
  const cached = withStatementCache(database, 500, () => {
    if (checkpointer) stopped = checkpointer.stop();
  });
  return {
    dialect: new InlineSqliteDialect({ database: cached }, sqliteRunner(cached, options.onQuery)),
    closed: () => stopped,
  };
}

/**
 * Kysely's SQLite driver prepares every query's SQL again, and preparing costs more than running
 * the small statements Keel's hot paths make (ingest: about a fifth of its CPU). This keeps the
 * prepared statements by SQL text, at most `max` of them (the oldest prepared goes first).
 * Safe because Kysely runs one query at a time on SQLite's one connection, so a statement is never
 * in use twice; SQLite re-prepares a cached statement by itself after a schema change.
 */
export function withStatementCache(
  database: KyselySqliteDatabase,
  max = 500,
  onClose: () => void = () => undefined,
): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      // The main connection first: the checkpointer's, closed last, then checkpoints what is
      // left and removes the -wal and -shm files.
      database.close();
      onClose();
    },
  };
}

type InlineRunner = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>;
const inlineRunners = new WeakMap<DialectAdapter, InlineRunner>();

/**
 * Transactions take SQLite's write lock when they begin (`BEGIN IMMEDIATE`), waiting for it up to
 * `busy_timeout`. With one connection this changes nothing; with two on one file (the ingest
 * writer thread beside the main connection) a deferred transaction that read first could not
 * upgrade to writing once the other had committed (SQLITE_BUSY at once, no waiting), so every
 * transaction asks for the lock up front instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite dialect, with the runner of runInTransaction() registered for its instances. */
class InlineSqliteDialect extends SqliteDialect {
  readonly #run: InlineRunner;
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig, run: InlineRunner) {
    super(config);
    this.#config = config;
    this.#run = run;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    inlineRunners.set(adapter, this.#run);
    return adapter;
  }
}

/** What Kysely's SQLite connection does with a compiled query, timed for metrics as Kysely's log is. */
function sqliteRunner(database: KyselySqliteDatabase, onQuery: SqliteOptions['onQuery']): InlineRunner {
  const run = (sql: string, parameters: readonly unknown[]): QueryResult<unknown> => {
    const stmt = database.prepare(sql);
    if (stmt.reader) return { rows: stmt.all(parameters) };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return {
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId:
        lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    };
  };
  if (!onQuery) return run;
  return (sql, parameters) => {
    const started = performance.now();
    let failed = true;
    try {
      const result = run(sql, parameters);
      failed = false;
      return result;
    } finally {
      onQuery(performance.now() - started, failed);
    }
  };
}

/**
 * Runs a compiled query inside `db`'s transaction at once, when that is SQLite: the transaction
 * holds SQLite's one connection, so nothing else can run on it meanwhile, and the statement runs
 * synchronously anyway; Kysely's path to the same call (connection lock, logging wrapper, half a
 * dozen promise hops) costs more than the small statements of the ingest transaction take.
 * Returns null when `db` is not a SQLite transaction: the caller runs the query through Kysely.
 * Only for queries Kysely would pass through unchanged (Keel's Kysely has no plugins).
 */
export function runInTransaction<R>(
  db: QueryExecutorProvider & { readonly isTransaction: boolean },
  query: CompiledQuery,
): Promise<QueryResult<R>> | null {
  return runSqlInTransaction<R>(db, query.sql, query.parameters);
}

/**
 * runInTransaction for SQL text and its parameters, without a CompiledQuery: building one freezes
 * three objects and draws a random query id, about a microsecond for each statement that prepared()
 * runs on the ingest path (several per event).
 */
export function runSqlInTransaction<R>(
  db: QueryExecutorProvider & { readonly isTransaction: boolean },
  sql: string,
  parameters: readonly unknown[],
): Promise<QueryResult<R>> | null {
  if (!db.isTransaction) return null;
  const run = inlineRunners.get(db.getExecutor().adapter);
  if (!run) return null;
  try {
    return Promise.resolve(run(sql, parameters) as QueryResult<R>);
  } catch (err) {
    return Promise.reject(err as Error);
  }
}
