import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../../src/db/database.js';
import type { DialectKind } from '../../src/db/dialect.js';

/**
 * Fresh databases for tests, on SQLite and PostgreSQL. Each test gets its own database:
 * SQLite in a temporary file, PostgreSQL as a copy of a migrated template made once per test
 * process. Every database this process creates is dropped when it ends.
 */
export const adminUrl = process.env.KEEL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isCi = process.env.CI === 'true';
const prefix = `keel_t_${process.pid}_`;
let counter = 0;

export interface TestDatabase extends Database {
  /** The URL, to open the same database again (a "restart"). */
  readonly url: string;
}

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 15_000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A loaded machine can be slow to accept a connection: try a few times before calling it down. */
async function probePostgres(): Promise<string | null> {
  let reason = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await adminQuery('select 1');
      return null;
    } catch (err) {
      reason = (err as Error).message;
      if (/ECONNREFUSED|ENOTFOUND|does not exist|authentication/i.test(reason)) break;
    }
  }
  return `PostgreSQL at ${adminUrl} is unreachable (${reason})`;
}

/** null when PostgreSQL answers, else the reason it does not. */
export const postgresUnavailable: string | null = await probePostgres();
if (postgresUnavailable && !isCi) {
  console.log(`# SKIPPING PostgreSQL tests: ${postgresUnavailable}. Set KEEL_TEST_DATABASE_URL to run them.`);
}

let template: Promise<string> | null = null;
const created: string[] = [];
const tempDirs: string[] = [];

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drops databases left by test processes that died before cleaning up. */
async function dropOrphans(): Promise<void> {
  const { rows } = await adminQuery(`select datname from pg_database where datname like 'keel_t_%'`);
  for (const { datname } of rows as { datname: string }[]) {
    const pid = Number(datname.split('_')[2]);
    if (Number.isFinite(pid) && pid !== process.pid && !pidAlive(pid)) {
      await adminQuery(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
    }
  }
}

function templateName(): Promise<string> {
  template ??= (async () => {
    await dropOrphans();
    const name = `${prefix}tpl`;
    await adminQuery(`drop database if exists "${name}" with (force)`);
    await adminQuery(`create database "${name}"`);
    created.push(name);
    const url = withDatabase(adminUrl, name);
    const database = openDatabase(url, { poolSize: 1 });
    await migrateToLatest(database.db);
    await database.close();
    return name;
  })();
  return template;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database with no tables at all, for migration tests (removed after the run, as the others). */
export async function createEmptyTestDatabase(kind: DialectKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keel-test-'));
    tempDirs.push(dir);
    const url = `sqlite:${join(dir, 'keel.db')}`;
    return Object.assign(openDatabase(url), { url });
  }
  if (postgresUnavailable) throw new Error(postgresUnavailable);
  const name = `${prefix}${++counter}`;
  await adminQuery(`create database "${name}"`);
  created.push(name);
  const url = withDatabase(adminUrl, name);
  return Object.assign(openDatabase(url, { poolSize: 2 }), { url });
}

export async function createTestDatabase(kind: DialectKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const database = await createEmptyTestDatabase('sqlite');
    await migrateToLatest(database.db);
    return database;
  }
  if (postgresUnavailable) throw new Error(postgresUnavailable);
  const tpl = await templateName();
  const name = `${prefix}${++counter}`;
  await adminQuery(`create database "${name}" template "${tpl}"`);
  created.push(name);
  const url = withDatabase(adminUrl, name);
  return Object.assign(openDatabase(url, { poolSize: 5 }), { url });
}

after(async () => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (postgresUnavailable) return;
  for (const name of created.splice(0).reverse()) {
    await adminQuery(`drop database if exists "${name}" with (force)`).catch(() => undefined);
  }
});

export const dialects: readonly DialectKind[] = ['sqlite', 'postgres'];

/**
 * Runs a suite once per database. Without PostgreSQL the PostgreSQL suite is skipped with a
 * clear reason, except under CI=true, where it runs and fails.
 */
export function describeEachDialect(name: string, body: (kind: DialectKind) => void): void {
  for (const kind of dialects) {
    const skip = kind === 'postgres' && postgresUnavailable && !isCi ? postgresUnavailable : false;
    void describe(`${name} [${kind}]`, { skip }, () => body(kind));
  }
}
