import { Kysely, Migrator, sql, type LogEvent } from 'kysely';
import { createDialect, type DialectKind, type DialectOptions } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { DB } from './schema.js';

export type { DB };
export type Db = Kysely<DB>;

export interface Database {
  readonly db: Db;
  readonly kind: DialectKind;
  readonly describe: string;
  /** Answers when the database takes a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type OpenOptions = DialectOptions;

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const handle = createDialect(url, options);
  const onQuery = options.onQuery;
  const db = new Kysely<DB>({
    dialect: handle.dialect,
    ...(onQuery ? { log: (e: LogEvent) => onQuery(e.queryDurationMillis, e.level === 'error') } : {}),
  });
  let closed = false;
  return {
    db,
    kind: handle.kind,
    describe: handle.describe,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await handle.closed();
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'keel_migrations',
    migrationLockTableName: 'keel_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
