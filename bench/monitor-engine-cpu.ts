// The monitor engine alone (scheduler, HTTP checker, result writer), in one process without the
// HTTP API or job worker, real clock: <n> HTTP monitors every <intervalS> against a keep-alive
// target in a child process (TARGET_CPU=1 pins it to CPU 1), on a fresh SQLite file; CPU per check
// over a <windowS> window after one interval + 3 s. Quicker and steadier than bench:monitors for
// comparing scheduler/writer changes. Not a timed test; run by hand, under the lock:
//   flock /tmp/bench.lock env TARGET_CPU=1 taskset -c 0 node --import tsx bench/monitor-engine-cpu.ts [n] [intervalS] [windowS]
// SQL_TIMES=1 adds the time spent in each SQLite statement; PRAGMAS="a=1;b=2" sets connection
// pragmas first; CLAIM_EVERY_MS / WRITE_EVERY_MS set those scheduler options; DB=<url> another database.
// Last JSON line (stdout): {"n","intervalS","window_s","checks","checks_per_s","cpu_ms_per_check","core_pct",…}
import { fork, spawnSync } from 'node:child_process';
import { systemClock } from '../src/lib/clock.js';
import { systemActor } from '../src/lib/context.js';
import { EventBus } from '../src/lib/events.js';
import { createTargetPolicy, MonitorScheduler } from '../src/modules/monitors/index.js';
import { createMonitorBody } from '../src/modules/monitors/monitors.schema.js';
import { createMonitors } from '../src/modules/monitors/monitors.service.js';
import { benchDatabase, statementTimes } from './lib/write-path.js';

if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.send?.(typeof a === 'object' && a ? a.port : 0);
  });
} else {
  const sqlTimes = statementTimes();
  const n = Number(process.argv[2] ?? 10000);
  const intervalS = Number(process.argv[3] ?? 20);
  const windowS = Number(process.argv[4] ?? 30);
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: ['--import', 'tsx'] });
  // The target on the other CPU, so its work does not share Keel's.
  if (process.env.TARGET_CPU)
    spawnSync('taskset', ['-a', '-p', '-c', process.env.TARGET_CPU, String(child.pid)]);
  const port = await new Promise<number>((r) => child.once('message', (m) => r(Number(m))));
  const { database, logger, ctx, serviceId } = await benchDatabase('engine');
  for (let i = 0; i < n; i += 2500) {
    const inputs = Array.from({ length: Math.min(2500, n - i) }, (_, j) =>
      createMonitorBody.parse({
        name: `m ${i + j}`,
        type: 'http',
        serviceId,
        config: { url: `http://127.0.0.1:${port}/m/${i + j}` },
        intervalSeconds: intervalS,
        timeoutMs: 5000,
      }),
    );
    await createMonitors(ctx, systemActor, inputs, { bulk: true });
  }
  const s = new MonitorScheduler({
    database,
    clock: systemClock,
    logger: logger,
    events: new EventBus(() => {}),
    targets: createTargetPolicy(),
    // CLAIM_EVERY_MS, WRITE_EVERY_MS: scheduler options to compare (defaults otherwise).
    ...(process.env.CLAIM_EVERY_MS && { claimEveryMs: Number(process.env.CLAIM_EVERY_MS) }),
    ...(process.env.WRITE_EVERY_MS && { writeEveryMs: Number(process.env.WRITE_EVERY_MS) }),
  });
  s.start();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, (intervalS + 3) * 1000));
  sqlTimes.measuring = true;
  const c0 = process.cpuUsage();
  const w0 = Date.now();
  const r0 = Number(
    (
      await database.db
        .selectFrom('monitor_results')
        .select((eb) => eb.fn.countAll().as('c'))
        .executeTakeFirstOrThrow()
    ).c,
  );
  await new Promise((r) => setTimeout(r, windowS * 1000));
  const c = process.cpuUsage(c0);
  sqlTimes.measuring = false;
  const w1 = Date.now();
  const rows = await database.db
    .selectFrom('monitor_results')
    .select(['at'])
    .where('at', '>=', w0)
    .where('at', '<', w1)
    .execute();
  const cpuMs = (c.user + c.system) / 1000;
  const secs = (w1 - w0) / 1000;
  console.log(
    JSON.stringify({
      n,
      intervalS,
      window_s: secs,
      checks: rows.length,
      checks_per_s: +(rows.length / secs).toFixed(1),
      cpu_ms_per_check: +(cpuMs / rows.length).toFixed(3),
      core_pct: +(cpuMs / 10 / secs).toFixed(1),
      user_ms: +(c.user / 1000 / rows.length).toFixed(3),
      sys_ms: +(c.system / 1000 / rows.length).toFixed(3),
      rss_mb: Math.round(process.memoryUsage().rss / 1048576),
      startup_s: (w0 - t0) / 1000,
      r0,
    }),
  );
  sqlTimes.print();
  await s.stop();
  child.kill();
  await database.close();
  process.exit(0);
}
