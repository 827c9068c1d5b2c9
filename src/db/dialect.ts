import {
  PostgresAdapter,
  PostgresDialect,
  sql,
  type Dialect,
  type Expression,
  type ExpressionBuilder,
  type QueryExecutorProvider,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import pg from 'pg';
import { createSqliteDialect, type SqliteOptions } from './sqlite-dialect.js';

export { runInTransaction, runSqlInTransaction } from './sqlite-dialect.js';

/**
 * The one seam between SQLite and PostgreSQL. Everything that differs between the two
 * databases lives in this file; repositories ask it instead of branching themselves.
 */
export type DialectKind = 'sqlite' | 'postgres';

export interface DialectOptions extends SqliteOptions {
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface DialectHandle {
  kind: DialectKind;
  dialect: Dialect;
  describe: string;
  /** Resolves once anything the dialect opened beyond Kysely's own destroy is closed too. */
  closed(): Promise<void>;
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
    const { dialect, closed } = createSqliteDialect(path, options);
    return { kind, dialect, describe: `sqlite:${path}`, closed };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const safe = new URL(url);
  return {
    kind,
    dialect: new PostgresDialect({ pool }),
    describe: `postgres://${safe.host}${safe.pathname}`,
    closed: () => Promise.resolve(),
  };
}

/** Row locking for claim queries: PostgreSQL skips rows other nodes hold; SQLite has one writer. */
export function lockForClaim<DB, TB extends keyof DB, O>(
  kind: DialectKind,
  qb: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return kind === 'postgres' ? qb.forUpdate().skipLocked() : qb;
}

/**
 * `column IN (claim subquery)`, with the subquery locked by `lockForClaim` and run exactly once.
 * PostgreSQL may plan a plain IN as a nested-loop semi-join that re-runs the subquery for every
 * outer row; with LIMIT … SKIP LOCKED each re-run skips the rows the statement already locked
 * and returns fresh ones, so one UPDATE claims far more than LIMIT rows. `= ANY(ARRAY(…))`
 * makes it an InitPlan, evaluated once. SQLite evaluates an uncorrelated IN subquery once.
 */
export function inClaimSubquery<DB, TB extends keyof DB, O>(
  kind: DialectKind,
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  subquery: SelectQueryBuilder<DB, TB, O>,
): Expression<SqlBool> {
  const locked = lockForClaim(kind, subquery);
  if (kind === 'postgres') return sql<SqlBool>`${sql.ref(column)} = any(array(${locked}))`;
  return eb(sql.ref(column), 'in', locked);
}

/**
 * Locks the selected rows until the transaction ends: FOR UPDATE on PostgreSQL, which also makes
 * a waiting transaction re-check its WHERE against the winner's committed change. SQLite needs
 * nothing: Kysely runs SQLite transactions one at a time on its single connection.
 */
export function lockRows<DB, TB extends keyof DB, O>(
  kind: DialectKind,
  qb: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return kind === 'postgres' ? qb.forUpdate() : qb;
}

/** Case-insensitive LIKE: SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE. */
export function likeOperator(kind: DialectKind): 'like' | 'ilike' {
  return kind === 'postgres' ? 'ilike' : 'like';
}

/**
 * `column` contains `text`, ignoring case (beyond ASCII too, on both databases), with `%`, `_`
 * and `\` in `text` matched as themselves. A plain LIKE would read them as wildcards, and SQLite
 * has no default escape character, hence the explicit ESCAPE, which both databases read the same
 * way.
 */
export function containsText(kind: DialectKind, column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[%_\\]/g, '\\$&')}%`;
  if (kind === 'sqlite')
    return sql<SqlBool>`keel_lower(${sql.ref(column)}) like ${pattern.toLowerCase()} escape '\\'`;
  return sql<SqlBool>`${sql.ref(column)} ilike ${pattern} escape '\\'`;
}

/** True when the error is a unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when the error is a foreign-key violation on either database. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Makes a transaction exclusive with every other transaction that takes the same `key`, on any
 * node, until it commits or rolls back; for check-then-insert rules no constraint can express
 * ("create the first owner only while there are no users"). PostgreSQL: a transaction-scoped
 * advisory lock. SQLite: nothing to do, since a transaction holds the database's one connection.
 */
export async function lockTransaction(
  kind: DialectKind,
  trx: QueryExecutorProvider,
  key: string,
): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/**
 * Which database a Kysely instance (or a transaction of it) talks to, for code that is handed
 * only a `db`/`trx` (e.g. enqueue inside a caller's transaction). Reads the dialect adapter;
 * `getExecutor()` is marked internal in Kysely's typings but has been stable across 0.2x.
 */
export function kindOfDb(db: QueryExecutorProvider): DialectKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** What each transaction has done once already (see firstTimeInTransaction), by key. */
const doneInTransaction = new WeakMap<QueryExecutorProvider, Set<string>>();

/**
 * True the first time a transaction (`db`, the transaction's own) asks with `key`, false after:
 * for locks, which a transaction holds until it ends, so asking again would be a wasted round trip.
 */
export function firstTimeInTransaction(db: QueryExecutorProvider, key: string): boolean {
  let done = doneInTransaction.get(db);
  if (done?.has(key)) return false;
  if (!done) doneInTransaction.set(db, (done = new Set()));
  done.add(key);
  return true;
}

/**
 * Serializes, across nodes, the transactions that decide the same thing (`key`) — e.g. which
 * incident an alert group has: PostgreSQL takes a transaction-level advisory lock on the key's
 * hash (released at commit or rollback), so a second node's transaction waits here until the
 * first has committed, and then sees what it wrote. Once per transaction and key. SQLite: a no-op,
 * since one connection writes at a time. Call it with the transaction's `db`.
 */
export async function lockForTransaction(db: QueryExecutorProvider, key: string): Promise<void> {
  if (kindOfDb(db) !== 'postgres' || !firstTimeInTransaction(db, `advisory:${key}`)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

/**
 * Signals other nodes on `channel`. PostgreSQL: `pg_notify`, delivered only when the
 * surrounding transaction commits (never on rollback), identical notifications in one
 * transaction collapse into one. SQLite: a no-op, since one process owns the file.
 */
export async function notifyChannel(db: QueryExecutorProvider, channel: string, payload = ''): Promise<void> {
  if (kindOfDb(db) !== 'postgres') return;
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

export interface ChannelListener {
  close(): Promise<void>;
}

/**
 * PostgreSQL `LISTEN channel` on one dedicated connection (a pooled one cannot be held open).
 * After a lost connection it reconnects with a capped delay and then calls `onNotify('')`
 * once, since notifications sent while it was away are lost. Resolves after the first LISTEN
 * succeeded; rejects when the first connection fails.
 */
export async function listenChannel(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onError: (err: Error) => void = () => undefined,
): Promise<ChannelListener> {
  let closed = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryDelay = 250;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5000,
      application_name: `keel-listen:${channel}`,
    });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? '');
    });
    c.on('error', (err) => {
      onError(err);
      lost(c);
    });
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`listen ${c.escapeIdentifier(channel)}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    retryDelay = 250;
  };

  const lost = (c: pg.Client): void => {
    if (closed || client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().then(
        () => onNotify(''),
        (err: unknown) => {
          onError(err instanceof Error ? err : new Error(String(err)));
          retryDelay = Math.min(retryDelay * 2, 10_000);
          scheduleReconnect();
        },
      );
    }, retryDelay);
    retryTimer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
