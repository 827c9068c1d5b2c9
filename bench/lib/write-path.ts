// Shared by the write-path benchmarks that run Keel's code in one process without HTTP
// (bench/ingest-writer-cpu.ts, heartbeat-writer-cpu.ts, monitor-engine-cpu.ts): a fresh migrated
// database with one service, and SQL_TIMES, the time spent in each SQLite statement.
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../../src/config/config.js';
import { migrateToLatest, openDatabase, type Database } from '../../src/db/database.js';
import { systemClock } from '../../src/lib/clock.js';
import { systemActor } from '../../src/lib/context.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import { createService } from '../../src/modules/services/index.js';
import { createServiceBody } from '../../src/modules/services/services.schema.js';

export interface BenchDatabase {
  database: Database;
  /** The temporary folder of the SQLite file (unused with DB=<url>). */
  dir: string;
  url: string;
  logger: Logger;
  /** A service context for the services' own create functions (as routes pass them). */
  ctx: never;
  serviceId: string;
}

/**
 * A fresh SQLite file in a temporary folder (DB=<url> for another database), migrated, with the
 * connection pragmas of PRAGMAS="a=1;b=2" applied (to compare settings), the statements of
 * SETUP_SQL="…;…" run (to compare schemas, e.g. without an index), and one service "bench".
 */
export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `keel-${prefix}-`));
  const url = process.env.DB ?? `sqlite:${join(dir, 'keel.db')}`;
  const database = openDatabase(url);
  await migrateToLatest(database.db);
  for (const pragma of (process.env.PRAGMAS ?? '').split(';').filter(Boolean))
    await sql.raw(`pragma ${pragma}`).execute(database.db);
  for (const stmt of (process.env.SETUP_SQL ?? '').split(';').filter(Boolean))
    await sql.raw(stmt).execute(database.db);
  const logger = createLogger('warn');
  const ctx = {
    db: database.db,
    kind: database.kind,
    clock: systemClock,
    config: testConfig({ DATABASE_URL: url, KEEL_PUBLIC_URL: 'http://x' }),
    logger,
  } as never;
  const service = await createService(ctx, systemActor, createServiceBody.parse({ name: 'bench' }));
  return { database, dir, url, logger, ctx, serviceId: service.id };
}

export interface StatementTimes {
  /** Counts only while on (the measured window). */
  measuring: boolean;
  /** The 15 costliest statements, on stderr; nothing unless SQL_TIMES was set. */
  print(): void;
}

/**
 * SQL_TIMES=1: wraps better-sqlite3's statement methods to time every statement by its SQL text
 * (count, total, over 10 ms, slowest). Without SQL_TIMES nothing is wrapped.
 */
export function statementTimes(): StatementTimes {
  const times = new Map<string, { n: number; ms: number; slow: number; max: number }>();
  const state: StatementTimes = {
    measuring: false,
    print() {
      for (const [k, v] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
        console.error(
          `${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(7)} × ${((v.ms / v.n) * 1000).toFixed(1).padStart(7)} µs, ${v.slow} over 10 ms, max ${v.max.toFixed(1)} ms  ${k}`,
        );
    },
  };
  if (!process.env.SQL_TIMES) return state;
  const proto = Object.getPrototypeOf(new Sqlite(':memory:').prepare('select 1')) as Record<
    string,
    (...a: unknown[]) => unknown
  > & { source: string };
  for (const fn of ['run', 'all', 'get'] as const) {
    const orig = proto[fn]!;
    proto[fn] = function (this: { source: string }, ...args: unknown[]) {
      const t = performance.now();
      try {
        return orig.apply(this, args);
      } finally {
        if (state.measuring) {
          const k = this.source.slice(0, 160);
          const e = times.get(k) ?? { n: 0, ms: 0, slow: 0, max: 0 };
          const ms = performance.now() - t;
          e.n++;
          e.ms += ms;
          if (ms > 10) e.slow++;
          e.max = Math.max(e.max, ms);
          times.set(k, e);
        }
      }
    };
  }
  return state;
}
