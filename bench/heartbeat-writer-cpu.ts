// The heartbeat write path alone, in one process, without HTTP: HeartbeatWriter.ping() from
// <in-flight> concurrent callers on random tokens of <n> heartbeat monitors (fresh SQLite file),
// CPU per ping over <seconds> after a 2 s warm-up. Not a timed test; run by hand, under the lock:
//   flock /tmp/bench.lock taskset -c 0 node --import tsx bench/heartbeat-writer-cpu.ts [n] [seconds] [in-flight]
// SQL_TIMES=1 adds the time spent in each SQLite statement; PRAGMAS="a=1;b=2" sets connection
// pragmas first (to compare settings); DB=<url> another database.
// Last JSON line: {"monitors","in_flight","pings_per_s","cpu_us_per_ping","user_us","sys_us"}
import { systemClock } from '../src/lib/clock.js';
import { systemActor } from '../src/lib/context.js';
import { EventBus } from '../src/lib/events.js';
import { HeartbeatWriter } from '../src/modules/monitors/index.js';
import { createMonitorBody } from '../src/modules/monitors/monitors.schema.js';
import { createMonitors } from '../src/modules/monitors/monitors.service.js';
import { benchDatabase, statementTimes } from './lib/write-path.js';

{
  const sqlTimes = statementTimes();
  const n = Number(process.argv[2] ?? 1000);
  const seconds = Number(process.argv[3] ?? 10);
  const inFlight = Number(process.argv[4] ?? 32);
  const { database, logger, ctx, serviceId } = await benchDatabase('hb');
  const views = await createMonitors(
    ctx,
    systemActor,
    Array.from({ length: n }, (_, i) =>
      createMonitorBody.parse({
        name: `hb ${i}`,
        type: 'heartbeat',
        serviceId,
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
  sqlTimes.measuring = true;
  const c0 = process.cpuUsage();
  const d0 = done;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const c = process.cpuUsage(c0);
  const pings = done - d0;
  const secs = (performance.now() - t0) / 1000;
  sqlTimes.measuring = false;
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
  sqlTimes.print();
  await database.close();
  process.exit(0);
}
