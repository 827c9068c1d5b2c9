// The heartbeat write path alone, in one process, without HTTP: HeartbeatWriter.ping() from
// <in-flight> concurrent callers on random tokens of <n> heartbeat monitors (fresh SQLite file),
// CPU per ping over <seconds> after a 2 s warm-up. Not a timed test; run by hand, under the lock:
//   flock /tmp/bench.lock taskset -c 0 node --import tsx bench/heartbeat-writer-cpu.ts [n] [seconds] [in-flight]
// SQL_TIMES=1 adds the time spent in each SQLite statement; PRAGMAS="a=1;b=2" sets connection
// pragmas first (to compare settings); DB=<url> another database.
// Last JSON line: {"monitors","in_flight","pings_per_s","cpu_us_per_ping","user_us","sys_us"}
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../src/config/config.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { systemClock } from '../src/lib/clock.js';
import { systemActor } from '../src/lib/context.js';
import { EventBus } from '../src/lib/events.js';
import { HeartbeatWriter } from '../src/modules/monitors/index.js';
import { createMonitorBody } from '../src/modules/monitors/monitors.schema.js';
import { createMonitors } from '../src/modules/monitors/monitors.service.js';
import { createService } from '../src/modules/services/index.js';
import { createServiceBody } from '../src/modules/services/services.schema.js';
import { createLogger } from '../src/lib/logger.js';

{
  // SQL_TIMES=1: time spent in each SQLite statement (by SQL text), printed at the end.
  const sqlTimes = new Map<string, { n: number; ms: number }>();
  let measuring = false;
  if (process.env.SQL_TIMES) {
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
          if (measuring) {
            const k = this.source.slice(0, 160);
            const e = sqlTimes.get(k) ?? { n: 0, ms: 0 };
            e.n++;
            e.ms += performance.now() - t;
            sqlTimes.set(k, e);
          }
        }
      };
    }
  }
  const n = Number(process.argv[2] ?? 1000);
  const seconds = Number(process.argv[3] ?? 10);
  const inFlight = Number(process.argv[4] ?? 32);
  const dir = mkdtempSync(join(tmpdir(), 'keel-hb-'));
  const url = process.env.DB ?? `sqlite:${join(dir, 'keel.db')}`;
  const database = openDatabase(url);
  await migrateToLatest(database.db);
  for (const pragma of (process.env.PRAGMAS ?? '').split(';').filter(Boolean))
    await sql.raw(`pragma ${pragma}`).execute(database.db);
  const logger = createLogger('warn');
  const ctx = {
    db: database.db,
    kind: database.kind,
    clock: systemClock,
    config: testConfig({ DATABASE_URL: url, KEEL_PUBLIC_URL: 'http://x' }),
    logger,
  } as never;
  const svc = await createService(ctx, systemActor, createServiceBody.parse({ name: 'bench' }));
  const views = await createMonitors(
    ctx,
    systemActor,
    Array.from({ length: n }, (_, i) =>
      createMonitorBody.parse({
        name: `hb ${i}`,
        type: 'heartbeat',
        serviceId: svc.id,
        config: { everySeconds: 3600 },
        intervalSeconds: 3600,
      }),
    ),
    { bulk: true },
  );
  const tokens = (await database.db.selectFrom('monitors').select('heartbeat_token').execute()).map(
    (r) => r.heartbeat_token!,
  );
  const writer = new HeartbeatWriter(database.db, systemClock, new EventBus(() => {}), logger);
  let done = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      await writer.ping(tokens[Math.floor(Math.random() * tokens.length)]!, 'success');
      done++;
    }
  };
  const warm = Date.now() + 2000;
  const ws = Array.from({ length: inFlight }, worker);
  while (Date.now() < warm) await new Promise((r) => setTimeout(r, 50));
  measuring = true;
  const c0 = process.cpuUsage();
  const d0 = done;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const c = process.cpuUsage(c0);
  const pings = done - d0;
  const secs = (performance.now() - t0) / 1000;
  measuring = false;
  stop = true;
  await Promise.all(ws);
  console.log(
    JSON.stringify({
      monitors: views.length,
      in_flight: inFlight,
      pings_per_s: Math.round(pings / secs),
      cpu_us_per_ping: Math.round((c.user + c.system) / pings),
      user_us: Math.round(c.user / pings),
      sys_us: Math.round(c.system / pings),
    }),
  );
  for (const [k, v] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
    console.error(
      `${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(7)} × ${((v.ms / v.n) * 1000).toFixed(1).padStart(7)} µs  ${k}`,
    );
  await database.close();
  process.exit(0);
}
