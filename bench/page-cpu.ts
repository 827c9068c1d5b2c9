// CPU per paged incident on the on-call path after ingest (the escalation step, the delivery job,
// the job system's claims and completions), measured in one process, not timed against a
// deadline. Run by hand:
//   node --import tsx bench/page-cpu.ts [incidents] [--workers N] [--profile out.cpuprofile]
// Keel (startKeel, SQLite in a temporary directory, the worker held back) takes `incidents` new
// PagerDuty triggers; then its job worker starts and runs them until the listener (a child
// process, whose CPU is not counted) has every trigger page. CPU = this process's user + system
// time over that window ÷ incidents. --profile writes a V8 CPU profile of that window only.
// Last line: {"incidents","workers","cpu_ms_per_incident","user_ms","system_ms","pages_per_s"}
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { testConfig } from '../src/config/config.js';
import { JobWorker } from '../src/jobs/index.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { startKeel } from '../src/main/bootstrap.js';
import { KeelApi, triggerEvent } from './lib/keel-api.js';

if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  let pages = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pages++;
      res.writeHead(200, { 'content-length': '2' }).end('ok');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('message', () => process.send?.({ pages }));
  process.on('disconnect', () => process.exit(0));
} else {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const incidents = Number(args.find((a) => /^\d+$/.test(a)) ?? 300);
  const workers = Number(flag('--workers') ?? 4);
  const profileOut = flag('--profile');
  // --sql: time every SQLite statement by its SQL text over the measured window (adds overhead).
  const sqlTimes = args.includes('--sql') ? new Map<string, { n: number; ms: number }>() : null;
  let measuring = false;
  if (sqlTimes) {
    const proto = (SqliteDatabase.prototype as unknown as { prepare(s: string): object }).prepare.call(
      new SqliteDatabase(':memory:'),
      'select 1',
    ).constructor.prototype as Record<string, (...a: unknown[]) => unknown>;
    for (const m of ['run', 'all', 'get']) {
      const orig = proto[m]!;
      proto[m] = function (this: { source: string }, ...a: unknown[]) {
        if (!measuring) return orig.apply(this, a);
        const t = performance.now();
        try {
          return orig.apply(this, a);
        } finally {
          const e = sqlTimes.get(this.source) ?? { n: 0, ms: 0 };
          e.n++;
          e.ms += performance.now() - t;
          sqlTimes.set(this.source, e);
        }
      };
    }
  }

  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((r) => child.once('message', (m: { port: number }) => r(m.port)));
  const pagesSoFar = () =>
    new Promise<number>((r) => {
      child.once('message', (m: { pages: number }) => r(m.pages));
      child.send('count');
    });

  const dir = mkdtempSync(join(tmpdir(), 'keel-page-cpu-'));
  const admin = { email: 'bench@example.com', password: 'bench password, long enough' };
  const config = testConfig({
    DATABASE_URL: `sqlite:${join(dir, 'keel.db')}`,
    KEEL_ADMIN_EMAIL: admin.email,
    KEEL_ADMIN_PASSWORD: admin.password,
    KEEL_SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    KEEL_JOBS_WORKERS: String(workers),
  });
  const keel = await startKeel(config, {
    runWorker: false,
    webRoot: null,
    processMetrics: false,
    logger: createLogger('warn', join(dir, 'keel.log')),
  });
  await keel.app.listen({ port: 0, host: '127.0.0.1' });
  const address = keel.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const api = new KeelApi(base);
  await api.login(admin.email, admin.password);
  const me = await api.must<{ user: { id: string } } | { id: string }>('GET', '/api/v1/me');
  const userId = 'user' in me ? me.user.id : me.id;
  await api.must('POST', '/api/v1/users/me/contact-methods', {
    type: 'webhook',
    label: 'bench receiver',
    config: { url: `http://127.0.0.1:${port}/page`, secret: 'bench-webhook-secret-0123' },
  });
  await api.must('POST', '/api/v1/escalation-policies', {
    name: 'Bench',
    isDefault: true,
    levels: [
      { delayMinutes: 1, targets: [{ type: 'user', id: userId }] },
      { delayMinutes: 1, targets: [{ type: 'user', id: userId }] },
    ],
  });
  const { key } = await api.pagerDutyService('Bench');

  const worker = new JobWorker({
    database: keel.database,
    registry: keel.registry,
    clock: systemClock,
    logger: keel.logger,
    concurrency: workers,
  });
  /** Ingests n new incidents (the worker stopped), then runs the worker until n more pages arrived. */
  async function round(prefix: string, n: number, profile: boolean) {
    for (let i = 0; i < n; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, async (_, j) => {
          const res = await fetch(`${base}/v2/enqueue`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(triggerEvent(key, `${prefix}-${i + j}`, `${prefix}-${i + j}`)),
          });
          await res.arrayBuffer();
          if (res.status !== 202) throw new Error(`ingest ${res.status}`);
        }),
      );
    }
    const before = await pagesSoFar();
    const session = profile && profileOut ? new Session() : null;
    if (session && profileOut) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    measuring = profile;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await worker.start();
    while ((await pagesSoFar()) < before + n) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu);
    measuring = false;
    await worker.stop();
    if (session) {
      const { profile: p } = await session.post('Profiler.stop');
      writeFileSync(profileOut!, JSON.stringify(p));
      session.disconnect();
    }
    return { seconds, used };
  }

  // Warm-up (JIT, statement caches), then the measured round.
  await round('warm', Math.min(100, incidents), false);
  // --rounds N: measured rounds after the warm-up; the figures are the median round's.
  const rounds = Number(flag('--rounds') ?? 1);
  const measured: Awaited<ReturnType<typeof round>>[] = [];
  for (let r = 0; r < rounds; r++) measured.push(await round(`page${r}`, incidents, r === 0));
  const cpuOf = (m: (typeof measured)[number]) => m.used.user + m.used.system;
  measured.sort((a, b) => cpuOf(a) - cpuOf(b));
  const { seconds, used } = measured[Math.floor(measured.length / 2)]!;
  if (rounds > 1)
    process.stdout.write(
      `rounds (ms per incident): ${measured.map((m) => (cpuOf(m) / 1000 / incidents).toFixed(2)).join(' ')}\n`,
    );
  if (sqlTimes) {
    const rows = [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((a, [, v]) => a + v.ms, 0);
    const count = rows.reduce((a, [, v]) => a + v.n, 0);
    process.stdout.write(
      `statements: ${(count / incidents).toFixed(1)} per incident, ${(total / incidents).toFixed(2)} ms per incident in SQLite\n`,
    );
    for (const [q, v] of rows.slice(0, 30))
      process.stdout.write(
        `${(v.ms / incidents).toFixed(3).padStart(7)} ms ${(v.n / incidents).toFixed(2).padStart(5)}×  ${q.slice(0, 160)}\n`,
      );
  }
  const result = {
    incidents,
    workers,
    cpu_ms_per_incident: Math.round(((used.user + used.system) / 1000 / incidents) * 100) / 100,
    user_ms: Math.round(used.user / 1000),
    system_ms: Math.round(used.system / 1000),
    pages_per_s: Math.round(incidents / seconds),
  };
  await keel.close();
  child.kill();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
