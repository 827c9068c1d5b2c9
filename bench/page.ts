// `npm run bench:page` (about 2–3 minutes). docs/benchmarks.md ("bench:page") says how to read it.
//
// From an accepted alert to a page received: Keel (src/main/server.ts under tsx, a real child
// process, SQLite on a fresh database, its own job worker) takes PagerDuty events on /v2/enqueue;
// the default escalation policy pages one person whose contact method is a generic webhook to a
// listener in this process. Latency = the listener receiving the page − the 202 that accepted the
// event (also reported from the moment the request was sent).
//   - at rest: 200 new incidents, one at a time;
//   - storm: 1,000 new incidents in 10 s (paced, 100/s) while 9,000 other escalation jobs sit
//     pending (due in two hours, written before start);
//   - lateness: the level-2 steps (the storm's 1,000, and the earlier probes') fall due one minute
//     after their incidents, beside the 9,000 pending ones; max_job_late_ms = the latest (finished_at − run_at) among them.
// Last line: {"p50_ms","p99_ms","storm_p99_ms","max_job_late_ms"}. Exit 1 when something broke.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { newId } from '../src/lib/ids.js';
import { KeelApi, triggerEvent } from './lib/keel-api.js';
import { cleanEnv, freePort, Processes, stopServer, waitReady } from './lib/processes.js';
import { createReport, fmt, quantile, round, sleep } from './lib/report.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --quick: a smoke run (20 probes, 100 incidents in 1 s, 900 pending), for checking the script.
const quick = process.argv.includes('--quick');
// --workers N: Keel's job worker concurrency (KEEL_JOBS_WORKERS; default 4, Keel's default).
const workersArg = process.argv.indexOf('--workers');
const jobWorkers = workersArg > 0 ? Number(process.argv[workersArg + 1]) : 4;
if (!Number.isInteger(jobWorkers) || jobWorkers < 1) throw new Error('--workers takes a whole number ≥ 1');
const settings = quick
  ? { restProbes: 20, stormIncidents: 100, stormSeconds: 1, fillerJobs: 900, levelDelayMin: 1 }
  : { restProbes: 200, stormIncidents: 1000, stormSeconds: 10, fillerJobs: 9000, levelDelayMin: 1 };
const targets = { p99Ms: 1000, lateMs: 1000 };
const admin = { email: 'bench@example.com', password: 'bench password, long enough' };

const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
const resultsDir = join(root, 'bench', 'results', `page-${stamp}`);
mkdirSync(resultsDir, { recursive: true });
const tempRoot = mkdtempSync(join(tmpdir(), 'keel-bench-page-'));
const report = createReport();
const { say, fail, table } = report;
const procs = new Processes({ cwd: root, resultsDir, priority: null });
procs.installExitHooks(() => rmSync(tempRoot, { recursive: true, force: true }));

const load0 = loadavg();
say(
  `bench:page${quick ? ' --quick' : ''} · workers ${jobWorkers} · ${new Date().toISOString()} · node ${process.version} · ${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'} · load ${load0.map((l) => l.toFixed(2)).join(' ')}`,
);

// ---------------------------------------------------------------------------------------------
// The receiver: every page's arrival time, by the incident title (the probe's name).

const arrivals = new Map<string, number>();
const receiver = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        kind?: string;
        incident?: { title?: string };
      };
      const title = body.incident?.title;
      if (title) arrivals.set(`${title}:${body.kind ?? ''}`, at);
    } catch {
      /* not a page */
    }
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

// ---------------------------------------------------------------------------------------------
// The database, migrated, with 9,000 escalation jobs pending (due in two hours) before Keel starts.

const databaseUrl = `sqlite:${join(tempRoot, 'keel.db')}`;
{
  const database = openDatabase(databaseUrl);
  await migrateToLatest(database.db);
  const now = Date.now();
  for (let i = 0; i < settings.fillerJobs; i += 500) {
    await database.db
      .insertInto('jobs')
      .values(
        Array.from({ length: Math.min(500, settings.fillerJobs - i) }, (_, j) => ({
          id: newId(now),
          name: 'oncall.escalate',
          payload: JSON.stringify({ incidentId: `filler-${i + j}`, triggeredAt: now, round: 0, level: 1 }),
          status: 'pending' as const,
          run_at: now + 2 * 3_600_000 + (i + j) * 100,
          attempts: 0,
          max_attempts: 20,
          idempotency_key: `bench-filler:${i + j}`,
          locked_by: null,
          locked_until: null,
          last_error: null,
          created_at: now,
          updated_at: now,
          finished_at: null,
        })),
      )
      .execute();
  }
  await database.close();
}

// ---------------------------------------------------------------------------------------------
// Keel, an administrator with a webhook contact method, the default policy, a PagerDuty service.

const port = await freePort();
const server = procs.spawnServer(
  'keel',
  [process.execPath, '--import', 'tsx', join(root, 'src', 'main', 'server.ts')],
  {
    ...cleanEnv(),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    KEEL_LOG_FILE: join(resultsDir, 'keel.log'),
    KEEL_ADMIN_EMAIL: admin.email,
    KEEL_ADMIN_PASSWORD: admin.password,
    KEEL_SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    KEEL_JOBS_WORKERS: String(jobWorkers),
  },
  port,
  '/healthz',
  null,
);
if ((await waitReady(server, performance.now())) === null) {
  fail('Keel did not start (see keel.stderr.log)');
  process.exit(1);
}
const base = `http://127.0.0.1:${port}`;
const api = new KeelApi(base);
await api.login(admin.email, admin.password);
const me = await api.must<{ user: { id: string } } | { id: string }>('GET', '/api/v1/me');
const userId = 'user' in me ? me.user.id : me.id;
await api.must('POST', '/api/v1/users/me/contact-methods', {
  type: 'webhook',
  label: 'bench receiver',
  config: { url: `${receiverUrl}/page`, secret: 'bench-webhook-secret-0123' },
});
await api.must('POST', '/api/v1/escalation-policies', {
  name: 'Bench',
  isDefault: true,
  levels: [
    { delayMinutes: settings.levelDelayMin, targets: [{ type: 'user', id: userId }] },
    { delayMinutes: settings.levelDelayMin, targets: [{ type: 'user', id: userId }] },
  ],
});
const { key } = await api.pagerDutyService('Bench');

interface Probe {
  sentAt: number;
  acceptedAt: number;
}

/** Sends one new alert; the probe's times, or null when it was not accepted. */
async function probe(name: string): Promise<Probe | null> {
  const sentAt = performance.now();
  const res = await fetch(`${base}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(triggerEvent(key, name, name)),
  });
  await res.arrayBuffer();
  const acceptedAt = performance.now();
  return res.status === 202 ? { sentAt, acceptedAt } : null;
}

/** Waits until every probe's trigger page arrived (or `timeoutMs`); latencies from accepted and from sent. */
async function collect(probes: Map<string, Probe>, timeoutMs: number) {
  const until = performance.now() + timeoutMs;
  const arrived = () => [...probes.keys()].filter((n) => arrivals.has(`${n}:trigger`)).length;
  while (arrived() < probes.size && performance.now() < until) await sleep(20);
  const fromAccepted: number[] = [];
  const fromSent: number[] = [];
  for (const [name, p] of probes) {
    const at = arrivals.get(`${name}:trigger`);
    if (at === undefined) continue;
    fromAccepted.push(Math.max(0, at - p.acceptedAt));
    fromSent.push(at - p.sentAt);
  }
  return { fromAccepted, fromSent, missing: probes.size - arrived() };
}

const row = (label: string, xs: number[], missing: number) => [
  label,
  String(xs.length),
  fmt(quantile(xs, 0.5), 1),
  fmt(quantile(xs, 0.99), 1),
  fmt(xs.length ? Math.max(...xs) : null, 1),
  String(missing),
];

// ---------------------------------------------------------------------------------------------
// At rest: one new incident at a time.

for (let i = 0; i < 20; i++) await probe(`warm-${i}`); // JIT and statement caches
const rest = new Map<string, Probe>();
for (let i = 0; i < settings.restProbes; i++) {
  const p = await probe(`rest-${i}`);
  if (!p) fail(`rest-${i} was not accepted`);
  else rest.set(`rest-${i}`, p);
  // Wait for its page before the next (at rest: nothing else in flight).
  const until = performance.now() + 5000;
  while (!arrivals.has(`rest-${i}:trigger`) && performance.now() < until) await sleep(1);
}
const atRest = await collect(rest, 5000);

// ---------------------------------------------------------------------------------------------
// Storm: 1,000 new incidents in 10 s, paced, beside 9,000 pending escalation jobs.

const storm = new Map<string, Probe>();
const stormStart = Date.now();
const interval = (settings.stormSeconds * 1000) / settings.stormIncidents;
const t0 = performance.now();
const sends: Promise<void>[] = [];
for (let i = 0; i < settings.stormIncidents; i++) {
  const due = t0 + i * interval;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  sends.push(
    probe(`storm-${i}`).then((p) => {
      if (p) storm.set(`storm-${i}`, p);
      else fail(`storm-${i} was not accepted`);
    }),
  );
}
await Promise.all(sends);
const stormSpan = (performance.now() - t0) / 1000;
const inStorm = await collect(storm, 30_000);

// ---------------------------------------------------------------------------------------------
// Lateness: the storm's level-2 steps fall due a minute after their incidents, beside the filler.

say(`waiting for the storm's level-2 steps (due ${settings.levelDelayMin} min after each incident)…`);
const dueBy = stormStart + settings.stormSeconds * 1000 + settings.levelDelayMin * 60_000;
while (Date.now() < dueBy + 3000) await sleep(500);
const escalations = () => [...storm.keys()].filter((n) => arrivals.has(`${n}:escalation`)).length;
const waitUntil = Date.now() + 30_000;
while (escalations() < storm.size && Date.now() < waitUntil) await sleep(200);
await stopServer(server);

const database = openDatabase(databaseUrl);
const steps = await database.db
  .selectFrom('jobs')
  .select(['run_at', 'finished_at', 'status'])
  .where('name', '=', 'oncall.escalate')
  .where('run_at', '>', stormStart + 30_000)
  .where('idempotency_key', 'not like', 'bench-filler:%')
  .execute();
const pendingFiller = await database.db
  .selectFrom('jobs')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('idempotency_key', 'like', 'bench-filler:%')
  .where('status', '=', 'pending')
  .executeTakeFirstOrThrow();
await database.close();
const late = steps.filter((s) => s.finished_at !== null).map((s) => s.finished_at! - s.run_at);
const notRun = steps.filter((s) => s.status !== 'done').length;
if (steps.length < settings.stormIncidents) fail(`only ${steps.length} level-2 steps were scheduled`);
if (notRun) fail(`${notRun} level-2 steps did not finish`);

// ---------------------------------------------------------------------------------------------
// Report.

const load1 = loadavg();
say();
say('latency from accepted (202) to page received by the listener, ms');
table(
  ['phase', 'pages', 'p50', 'p99', 'max', 'missing'],
  [
    row('at rest', atRest.fromAccepted, atRest.missing),
    row(`storm (${fmt(stormSpan, 1)} s)`, inStorm.fromAccepted, inStorm.missing),
  ],
  [false, true, true, true, true, true],
);
say('from request sent, ms');
table(
  ['phase', 'pages', 'p50', 'p99', 'max', 'missing'],
  [row('at rest', atRest.fromSent, atRest.missing), row('storm', inStorm.fromSent, inStorm.missing)],
  [false, true, true, true, true, true],
);
say(
  `level-2 steps: ${late.length} ran, escalation pages received ${escalations()}; lateness (finished − due) p50 ${fmt(quantile(late, 0.5), 0)} ms, p99 ${fmt(quantile(late, 0.99), 0)} ms, max ${fmt(late.length ? Math.max(...late) : null, 0)} ms; filler still pending ${Number(pendingFiller.n)}`,
);
say(
  `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
);
const result = {
  p50_ms: round(quantile(atRest.fromAccepted, 0.5), 1),
  p99_ms: round(quantile(atRest.fromAccepted, 0.99), 1),
  storm_p99_ms: round(quantile(inStorm.fromAccepted, 0.99), 1),
  max_job_late_ms: late.length ? Math.max(...late) : null,
};
if ((result.p99_ms ?? Infinity) >= targets.p99Ms)
  say(`! at-rest p99 misses the target (${targets.p99Ms} ms)`);
if ((result.storm_p99_ms ?? Infinity) >= targets.p99Ms)
  say(`! storm p99 misses the target (${targets.p99Ms} ms)`);
if ((result.max_job_late_ms ?? Infinity) >= targets.lateMs)
  say(`! lateness misses the target (${targets.lateMs} ms)`);
if (atRest.missing || inStorm.missing)
  fail(`pages missing: ${atRest.missing} at rest, ${inStorm.missing} in the storm`);
writeFileSync(join(resultsDir, 'report.txt'), `${report.lines.join('\n')}\n`);
receiver.close();
say(JSON.stringify(result));
process.exit(report.problems.length ? 1 : 0);
