// `npm run bench:ingest` (about 5 minutes) and `npm run bench:ingest -- --quick` (about 80 s); either
// takes --priority (as bench:http), --sqlite-only, --cpu-prof and --pin (see below). docs/benchmarks.md
// says how to read the output. Nothing is pinned by default: Keel's main thread (HTTP) and its ingest
// writer thread (SQLite commits), Alertmanager and wrk share the two cores; the throughput table
// splits Keel's CPU per request into its main thread and its busiest other thread.
//
// Sustained ingest of PagerDuty events over HTTP on loopback, from wrk with bench/ingest.lua: 64
// connections, each request one trigger event, 80% on one of 1,000 dedup keys opened before the
// run, 20% on a new key. Keel runs as the production build (dist/server/server.js), a real child
// process, on a fresh database each: SQLite with synchronous=NORMAL (the default), SQLite with
// FULL, and PostgreSQL (a database created for the run on 127.0.0.1:5432 and dropped after it).
// In the same run, with the same wrk: Keel's GET /healthz, and Prometheus Alertmanager 0.25
// (`prometheus-alertmanager`, in memory) taking the same alerts on POST /api/v2/alerts.
// Rounds interleave every target; the ones not measured are paused (SIGSTOP).
//
// Also: how soon an accepted event is visible in its alert and incident at rest (POST → 202 →
// both read back through the API), and an alert storm: 10,000 new alerts in 10 s, paced, on one
// service with time-window grouping, ending as one incident, while GET /api/v1/incidents is timed.
//
// `lost`: wrk's Lua response() counts every 2xx by the dedup key in its answer; after the run each
// Keel is killed (SIGKILL, no graceful stop) and its database is checked to hold at least as many
// raw events (alert_events) per key as were acknowledged.
//
// Last line: {"events_per_s","p99_ms","postgres_events_per_s","healthz_rps","alertmanager_per_s","lost"}
// (SQLite NORMAL for the first two; null when not measured). Exit 1 when something broke.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { spawnAlertmanager, alertmanagerBinary } from './lib/alertmanager.js';
import { coreBusyS, processCpuS, threadCpuS, threadSplit } from './lib/cpu.js';
import { countLost, KeelApi, pool, readAcked, sendEvent, triggerEvent } from './lib/keel-api.js';
import {
  cleanEnv,
  ensureCommand,
  freePort,
  has,
  Processes,
  run,
  waitReady,
  type Server,
} from './lib/processes.js';
import { createReport, fmt, median, pct, quantile, round, sleep, tail } from './lib/report.js';
import { runWrk, type WrkResult } from './lib/wrk.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const priority = process.argv.includes('--priority') ? -10 : null;
// --sqlite-only: only Keel on SQLite (NORMAL), its /healthz and Alertmanager; for quick iterations.
const sqliteOnly = process.argv.includes('--sqlite-only');
// --cpu-prof (or --cpu-prof=postgres): the SQLite (NORMAL) server (the PostgreSQL one) runs under
// `node --cpu-prof` (profile in the results
// directory) and is stopped gracefully so it writes it; the others are still killed. No storm then.
const cpuProfArg = process.argv.find((a) => a === '--cpu-prof' || a.startsWith('--cpu-prof='));
const cpuProf = cpuProfArg !== undefined;
const profiled = cpuProfArg === '--cpu-prof=postgres' ? 'postgres' : 'sqlite';
const profFlags = (label: string) =>
  cpuProf && label === profiled ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
// --no-thread: Keel on SQLite with KEEL_INGEST_THREAD=false (the whole pipeline on the main thread).
const noThread = process.argv.includes('--no-thread');
// --keel-env K=V (repeatable): extra environment for every Keel, for experiments.
const keelEnv = Object.fromEntries(
  process.argv.flatMap((a, i) =>
    process.argv[i - 1] === '--keel-env' ? [[a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]] : [],
  ),
);
// --ab-env K=V (repeatable): a second Keel on SQLite (NORMAL) with this extra environment, measured
// as target keel-sqlite-b-ingest in the same rounds as keel-sqlite-ingest (an A/B pair for
// experiments; its figures are informative only). --rounds N: that many measured rounds.
const abEnv = Object.fromEntries(
  process.argv.flatMap((a, i) =>
    process.argv[i - 1] === '--ab-env' ? [[a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]] : [],
  ),
);
const roundsArg = process.argv.indexOf('--rounds');
const settings = quick
  ? { warmupS: 3, rounds: 2, durationS: 4, visibilityProbes: 50, stormOnPostgres: false }
  : { warmupS: 10, rounds: 5, durationS: 5, visibilityProbes: 200, stormOnPostgres: true };
if (roundsArg > 0) settings.rounds = Math.max(1, Number(process.argv[roundsArg + 1]) || settings.rounds);
const load = { threads: 2, connections: 64, openKeys: 1000, newShare: 0.2 };
const storm = { alerts: 10_000, seconds: 10, windowMinutes: 10, listPauseMs: 50 };
const targets = { eventsPerS: 10_000, p99Ms: 50, visibleP99Ms: 250, listP99Ms: 200 };
const admin = { email: 'bench@example.com', password: 'bench password, long enough' };
const postgresAdminUrl = process.env.KEEL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const luaScript = join(root, 'bench', 'ingest.lua');

const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
const resultsDir = join(root, 'bench', 'results', `ingest-${stamp}${quick ? '-quick' : ''}`);
mkdirSync(resultsDir, { recursive: true });
const tempRoot = mkdtempSync(join(tmpdir(), 'keel-bench-ingest-'));

const report = createReport();
const { say, fail, table } = report;
const procs = new Processes({ cwd: root, resultsDir, priority });
procs.installExitHooks(() => rmSync(tempRoot, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Set-up: wrk, Alertmanager, pinning, a fresh build.

const benchStarted = performance.now();
const cores = availableParallelism();
const load0 = loadavg();
say(
  `bench:ingest${quick ? ' --quick' : ''} · ${new Date().toISOString()} · node ${process.version} · ${cores} × ${cpus()[0]?.model ?? '?'}`,
);
say(`load average at start: ${load0.map((l) => l.toFixed(2)).join(' ')}`);
say(`server logs, raw wrk output and acknowledged keys: ${relative(root, resultsDir)}/`);
{
  const head = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: root });
  const dirty = run('git', ['status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json'], {
    cwd: root,
  });
  say(
    head.ok
      ? `code: ${head.output.trim()}${dirty.ok && dirty.output.trim() ? ' + uncommitted changes under src/' : ''}`
      : 'code: not a git checkout',
  );
}
for (const [command, pkg] of [
  ['wrk', 'wrk'],
  [alertmanagerBinary, 'prometheus-alertmanager'],
] as const) {
  if (has(command)) continue;
  say(`${command} is not on PATH: installing it (apt-get install -y ${pkg})`);
  if (!ensureCommand(command, pkg, join(resultsDir, `apt-get-${pkg}.log`)))
    fail(`could not install ${pkg}: see ${relative(root, resultsDir)}/apt-get-${pkg}.log`);
}
const version = (argv: string[], re: RegExp) => re.exec(run(argv[0]!, argv.slice(1)).output)?.[1] ?? '?';
// --pin: servers on CPU 0, wrk and this script on CPU 1 (the scheme of the first runs). By default
// nothing is pinned: Keel (HTTP on its main thread, SQLite commits on its ingest writer thread),
// Alertmanager (Go, all cores) and wrk share the machine's cores as they would in production.
const pinning = process.argv.includes('--pin') && cores >= 2 && has('taskset');
const serverCore = pinning ? '0' : null;
const wrkCore = pinning ? '1' : null;
// The benchmark itself (set-up requests, the storm's paced sender) runs beside wrk, not beside the servers.
if (wrkCore !== null) run('taskset', ['-a', '-p', '-c', wrkCore, String(process.pid)]);
say(
  `${pinning ? 'pinning: servers on CPU 0; wrk and this script on CPU 1 (taskset); PostgreSQL unpinned' : 'pinning: none'} · wrk ${version(['wrk', '--version'], /wrk (\S+)/)} -t${load.threads} -c${load.connections} · Alertmanager ${version([alertmanagerBinary, '--version'], /version (\S+)/)}`,
);
say(
  `load: ${load.connections} connections, one trigger event per request, ${Math.round((1 - load.newShare) * 100)}% on ${load.openKeys} open dedup keys, ${Math.round(load.newShare * 100)}% new`,
);
const buildStarted = performance.now();
const build = run(process.execPath, ['scripts/build.mjs'], { cwd: root, timeoutMs: 600_000 });
writeFileSync(join(resultsDir, 'build.log'), build.output);
const serverScript = join(root, 'dist', 'server', 'server.js');
if (!build.ok || !existsSync(serverScript)) {
  fail(`build failed (node scripts/build.mjs): ${tail(build.output)}`);
  process.exit(1);
}
say(
  `build: ${build.output.match(/built [\w ]+ in \d+ ms/g)?.join(', ') ?? 'up to date'} (${Math.round(performance.now() - buildStarted)} ms)`,
);

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a database for this run, dropped at the end (and any left by a dead run).

async function pgAdmin(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
const pgDatabase = `keel_bench_${process.pid}`;
let pgCreated = false;
async function createPostgresDatabase(): Promise<string | null> {
  try {
    const { rows } = await pgAdmin(`select datname from pg_database where datname like 'keel_bench_%'`);
    for (const { datname } of rows as { datname: string }[]) {
      const pid = Number(datname.slice('keel_bench_'.length));
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        /* gone */
      }
      if (!alive) await pgAdmin(`drop database if exists "${datname}" with (force)`);
    }
    await pgAdmin(`create database "${pgDatabase}"`);
    pgCreated = true;
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${pgDatabase}`;
    return url.toString();
  } catch (err) {
    fail(`PostgreSQL at ${new URL(postgresAdminUrl).host} is unusable: ${(err as Error).message}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Keel instances

interface Instance {
  label: string;
  server: Server;
  databaseUrl: string;
  base: string;
  api: KeelApi;
  key: string;
  serviceId: string;
  integrationIds: string[];
  /** wrk's acknowledgement files for this instance, and 2xx answers counted by this script. */
  ackFiles: string[];
  acked: Map<string, number>;
}

async function startKeel(
  label: string,
  databaseUrl: string,
  env: NodeJS.ProcessEnv = {},
  nodeFlags: string[] = [],
): Promise<Instance | null> {
  const port = await freePort();
  const server = procs.spawnServer(
    `keel-${label}`,
    [process.execPath, ...nodeFlags, serverScript],
    {
      ...cleanEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      KEEL_LOG_FILE: join(resultsDir, `keel-${label}.log`),
      KEEL_ADMIN_EMAIL: admin.email,
      KEEL_ADMIN_PASSWORD: admin.password,
      ...(noThread && { KEEL_INGEST_THREAD: 'false' }),
      ...keelEnv,
      ...env,
    },
    port,
    '/healthz',
    serverCore,
  );
  if ((await waitReady(server, performance.now())) === null) {
    fail(`Keel (${label}) did not start: ${tail(readStderr(server), 3)}`);
    return null;
  }
  const base = `http://127.0.0.1:${port}`;
  const api = new KeelApi(base);
  await api.login(admin.email, admin.password);
  const { serviceId, integrationId, key } = await api.pagerDutyService('Bench');
  const inst: Instance = {
    label,
    server,
    databaseUrl,
    base,
    api,
    key,
    serviceId,
    integrationIds: [integrationId],
    ackFiles: [],
    acked: new Map(),
  };
  // The 1,000 open dedup keys the load repeats.
  let failed = 0;
  await pool(load.openKeys, 16, async (i) => {
    const status = await sendEvent(base, triggerEvent(key, `o-${i}`));
    if (status === 202) countAck(inst, `o-${i}`);
    else failed++;
  });
  if (failed) fail(`Keel (${label}): ${failed} of the ${load.openKeys} open keys were refused`);
  return inst;
}

function readStderr(server: Server): string {
  try {
    return run('cat', [server.stderrFile]).output;
  } catch {
    return '';
  }
}

const countAck = (inst: Instance, key: string) => inst.acked.set(key, (inst.acked.get(key) ?? 0) + 1);

/** POST → 202 → the alert (with its incident) and the incident read back through the API, at rest. */
async function measureVisibility(inst: Instance, probes: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < probes; i++) {
    const key = `vis-${i}`;
    const summary = `Visibility probe ${i}.`;
    const t0 = performance.now();
    const status = await sendEvent(inst.base, triggerEvent(inst.key, key, summary));
    if (status !== 202) {
      fail(`visibility probe ${i} on ${inst.label}: ${status}`);
      continue;
    }
    countAck(inst, key);
    for (;;) {
      const list = await inst.api.must<{ items: { dedupKey: string; incidentId: string | null }[] }>(
        'GET',
        `/api/v1/alerts?service=${inst.serviceId}&q=${encodeURIComponent(summary)}&limit=5`,
      );
      const alert = list.items.find((a) => a.dedupKey === key && a.incidentId);
      const incident = alert ? await inst.api.call('GET', `/api/v1/incidents/${alert.incidentId}`) : null;
      if (incident?.status === 200) break;
      if (performance.now() - t0 > 5000) {
        fail(`visibility probe ${i} on ${inst.label}: not visible after 5 s`);
        break;
      }
      await sleep(5);
    }
    times.push(performance.now() - t0);
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// Throughput rounds: every target once per round, the others paused.

type Kind = 'ingest' | 'healthz' | 'alertmanager';
interface Target {
  name: string;
  kind: Kind;
  server: Server;
  inst: Instance | null;
}
interface Sample {
  target: string;
  round: number;
  /** Wall-clock window of the wrk run (epoch ms), to find the server's own log lines for it. */
  from: number;
  to: number;
  wrk: WrkResult;
  okPerS: number | null;
  cpuS: number | null;
  /** The server's main thread and its busiest other thread (Keel's ingest writer thread). */
  threads: { mainS: number; busiestOtherS: number } | null;
  coreBusyS: number | null;
  seconds: number;
}
const samples: Sample[] = [];
let runCounter = 0;

function pauseAllBut(all: Server[], active: Server | null): void {
  for (const s of all) s.child.kill(s === active ? 'SIGCONT' : 'SIGSTOP');
}

async function measure(
  target: Target,
  seconds: number,
  alertmanagerPort: number,
): Promise<Omit<Sample, 'target' | 'round'>> {
  const runId = `r${++runCounter}`;
  let url: string;
  let scriptArgs: string[] | undefined;
  if (target.kind === 'healthz') url = `http://127.0.0.1:${target.server.port}/healthz`;
  else if (target.kind === 'alertmanager') {
    url = `http://127.0.0.1:${alertmanagerPort}`;
    scriptArgs = ['alertmanager', '-', runId, String(load.openKeys), String(load.newShare), '-'];
  } else {
    const inst = target.inst!;
    url = inst.base;
    const ackFile = join(resultsDir, `acked-${inst.label}-${runId}.txt`);
    inst.ackFiles.push(ackFile);
    scriptArgs = ['pagerduty', inst.key, runId, String(load.openKeys), String(load.newShare), ackFile];
  }
  const cpu0 = processCpuS(target.server.child.pid);
  const threads0 = threadCpuS(target.server.child.pid);
  const core0 = coreBusyS(serverCore);
  const from = Date.now();
  const t0 = performance.now();
  const wrk = await runWrk(procs, {
    url,
    seconds,
    threads: load.threads,
    connections: load.connections,
    pinTo: wrkCore,
    ...(scriptArgs && { script: luaScript, scriptArgs }),
  });
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = processCpuS(target.server.child.pid);
  const threads = threadSplit(target.server.child.pid, threads0, threadCpuS(target.server.child.pid));
  const core1 = coreBusyS(serverCore);
  writeFileSync(join(resultsDir, `${target.name}.${runId}.wrk.txt`), wrk.raw);
  const okPerS = wrk.rps !== null && wrk.requests ? wrk.rps * (1 - wrk.non2xx / wrk.requests) : null;
  return {
    from,
    to: Date.now(),
    wrk,
    okPerS,
    cpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
    threads,
    coreBusyS: core0 !== null && core1 !== null ? core1 - core0 : null,
    seconds: elapsed,
  };
}

// ---------------------------------------------------------------------------------------------
// The storm: 10,000 new alerts in 10 s on one service grouping by time window, paced by this
// script, while GET /api/v1/incidents is timed back to back.

interface StormResult {
  sent: number;
  accepted: number;
  seconds: number;
  eventP99Ms: number | null;
  listMs: number[];
  incidents: number | null;
  expected: number;
}

async function runStorm(inst: Instance): Promise<StormResult> {
  const svc = await inst.api.pagerDutyService('Storm', {
    grouping: { mode: 'time_window', windowMinutes: storm.windowMinutes },
  });
  inst.integrationIds.push(svc.integrationId);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const port = inst.server.port;
  const eventMs: number[] = [];
  let accepted = 0;
  const post = (i: number) =>
    new Promise<void>((resolve) => {
      const key = `storm-${i}`;
      const body = JSON.stringify(triggerEvent(svc.key, key, `Storm alert ${i}`));
      const t0 = performance.now();
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/v2/enqueue',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            eventMs.push(performance.now() - t0);
            if (res.statusCode === 202) {
              accepted++;
              countAck(inst, key);
            }
            resolve();
          });
        },
      );
      req.on('error', () => resolve());
      req.end(body);
    });

  const listMs: number[] = [];
  let storming = true;
  const lister = (async () => {
    while (storming) {
      const r = await inst.api.call('GET', '/api/v1/incidents?limit=50');
      if (r.status === 200) listMs.push(r.ms);
      await sleep(storm.listPauseMs);
    }
  })();

  const inflight: Promise<void>[] = [];
  const started = performance.now();
  const durationMs = storm.seconds * 1000;
  let sent = 0;
  while (sent < storm.alerts) {
    const due = Math.min(
      storm.alerts,
      Math.floor(((performance.now() - started) / durationMs) * storm.alerts) + 1,
    );
    while (sent < due) inflight.push(post(sent++));
    await sleep(2);
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - started) / 1000;
  storming = false;
  await lister;
  agent.destroy();
  const page = await inst.api.call<{ total: number }>(
    'GET',
    `/api/v1/incidents?service=${svc.serviceId}&limit=1`,
  );
  return {
    sent,
    accepted,
    seconds,
    eventP99Ms: quantile(eventMs, 0.99),
    listMs,
    incidents: page.status === 200 ? page.body.total : null,
    // Every alert is new and arrives within the window: one incident.
    expected: 1,
  };
}

// ---------------------------------------------------------------------------------------------
// The run

const instances: Instance[] = [];
let alertmanager: Server | null = null;
const visibility = new Map<string, number[]>();
const storms = new Map<string, StormResult>();
const lostBy = new Map<string, { lost: number; acknowledged: number; stored: number }>();

try {
  const normal = await startKeel(
    'sqlite',
    `sqlite:${join(tempRoot, 'normal', 'keel.db')}`,
    {},
    profFlags('sqlite'),
  );
  const full = sqliteOnly
    ? null
    : await startKeel('sqlite-full', `sqlite:${join(tempRoot, 'full', 'keel.db')}`, {
        KEEL_SQLITE_SYNCHRONOUS: 'FULL',
      });
  const b = Object.keys(abEnv).length
    ? await startKeel('sqlite-b', `sqlite:${join(tempRoot, 'b', 'keel.db')}`, abEnv)
    : null;
  const pgUrl = sqliteOnly ? null : await createPostgresDatabase();
  const postgres = pgUrl ? await startKeel('postgres', pgUrl, {}, profFlags('postgres')) : null;
  for (const inst of [normal, b, full, postgres]) if (inst) instances.push(inst);

  const amPort = await freePort();
  if (has(alertmanagerBinary)) {
    const amDir = join(tempRoot, 'alertmanager');
    alertmanager = spawnAlertmanager(procs, amDir, amPort, serverCore);
    if ((await waitReady(alertmanager, performance.now())) === null) {
      fail(`Alertmanager did not start: ${tail(readStderr(alertmanager), 3)}`);
      alertmanager = null;
    }
  }
  const servers = [...instances.map((i) => i.server), ...(alertmanager ? [alertmanager] : [])];

  // At rest, one instance at a time.
  for (const inst of instances) {
    pauseAllBut(servers, inst.server);
    visibility.set(inst.label, await measureVisibility(inst, settings.visibilityProbes));
  }

  const allTargets: Target[] = [
    ...(normal
      ? [{ name: 'keel-sqlite-ingest', kind: 'ingest' as const, server: normal.server, inst: normal }]
      : []),
    ...(normal
      ? [{ name: 'keel-healthz', kind: 'healthz' as const, server: normal.server, inst: null }]
      : []),
    ...(alertmanager
      ? [{ name: 'alertmanager', kind: 'alertmanager' as const, server: alertmanager, inst: null }]
      : []),
    ...(b ? [{ name: 'keel-sqlite-b-ingest', kind: 'ingest' as const, server: b.server, inst: b }] : []),
    ...(full
      ? [{ name: 'keel-sqlite-full-ingest', kind: 'ingest' as const, server: full.server, inst: full }]
      : []),
    ...(postgres
      ? [{ name: 'keel-postgres-ingest', kind: 'ingest' as const, server: postgres.server, inst: postgres }]
      : []),
  ];
  // Profiling: the ingest load alone, so the profile is not mostly /healthz.
  const profiledTarget = profiled === 'postgres' ? 'keel-postgres-ingest' : 'keel-sqlite-ingest';
  const targetList = cpuProf ? allTargets.filter((t) => t.name === profiledTarget) : allTargets;
  say(
    `warm-up: ${settings.warmupS} s per target; then ${settings.rounds} rounds × ${settings.durationS} s per target`,
  );
  for (const t of targetList) {
    pauseAllBut(servers, t.server);
    const warm = await measure(t, settings.warmupS, amPort);
    if (warm.okPerS === null) fail(`wrk warm-up against ${t.name} failed: ${tail(warm.wrk.raw, 2)}`);
  }
  for (let r = 1; r <= settings.rounds; r++) {
    // Rotate who goes first, so a drift in machine load does not always favour the same one.
    const order = targetList.map((_, i) => targetList[(i + r - 1) % targetList.length]!);
    for (const t of order) {
      pauseAllBut(servers, t.server);
      await sleep(200);
      const s = await measure(t, settings.durationS, amPort);
      if (s.okPerS === null) fail(`wrk against ${t.name}, round ${r}: ${tail(s.wrk.raw, 2)}`);
      if (s.wrk.errors) fail(`wrk against ${t.name}, round ${r}: ${s.wrk.errors}`);
      samples.push({ target: t.name, round: r, ...s });
    }
  }

  for (const inst of [normal, settings.stormOnPostgres ? postgres : null]) {
    if (!inst || cpuProf) continue;
    pauseAllBut(servers, inst.server);
    say(`storm on ${inst.label}: ${storm.alerts} alerts in ${storm.seconds} s…`);
    storms.set(inst.label, await runStorm(inst));
  }
  pauseAllBut(servers, null);
  for (const s of servers) s.child.kill('SIGCONT');

  // Durability: kill each Keel without a graceful stop, then look for every acknowledged event.
  for (const inst of instances) {
    const exited = new Promise<void>((r) => inst.server.child.once('exit', () => r()));
    inst.server.child.kill(cpuProf && inst.label === profiled ? 'SIGTERM' : 'SIGKILL');
    await exited;
    const acked = readAcked(inst.ackFiles, new Map(inst.acked));
    lostBy.set(inst.label, await countLost(inst.databaseUrl, inst.integrationIds, acked));
  }
} catch (err) {
  fail(`the run broke: ${(err as Error).stack ?? String(err)}`);
} finally {
  procs.killAll();
  if (pgCreated) await pgAdmin(`drop database if exists "${pgDatabase}" with (force)`).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Report

/**
 * p99 of the server's own request time ("ms" in its log: from receiving the request to sending
 * the answer) for the ingest requests of the measured rounds. wrk's latency also counts the time a
 * request waits to be read and wrk's own waits for its CPU.
 */
function serverP99(label: string, target: string): number | null {
  const windows = samples.filter((s) => s.target === target).map((s) => [s.from, s.to] as const);
  const file = join(resultsDir, `keel-${label}.log`);
  if (!windows.length || !existsSync(file)) return null;
  const ms: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"route":"/v2/enqueue"')) continue;
    const r = JSON.parse(line) as { time: number; ms?: number };
    if (r.ms !== undefined && windows.some(([a, b]) => r.time >= a && r.time <= b)) ms.push(r.ms);
  }
  return quantile(ms, 0.99);
}

const of = (name: string) => samples.filter((s) => s.target === name && s.okPerS !== null);
const med = (name: string, f: (s: Sample) => number | null) =>
  median(
    of(name)
      .map(f)
      .filter((x): x is number => x !== null),
  );
const cpuPerReqUs = (s: Sample) =>
  s.cpuS !== null && s.wrk.requests ? (s.cpuS / s.wrk.requests) * 1e6 : null;
const utilOf = (s: Sample) => (s.cpuS !== null ? s.cpuS / s.seconds : null);
const mainUsOf = (s: Sample) =>
  s.threads && s.wrk.requests ? (s.threads.mainS / s.wrk.requests) * 1e6 : null;
const otherUsOf = (s: Sample) =>
  s.threads && s.wrk.requests ? (s.threads.busiestOtherS / s.wrk.requests) * 1e6 : null;
const otherOf = (s: Sample) =>
  s.cpuS !== null && s.coreBusyS !== null ? Math.max(0, s.coreBusyS - s.cpuS) / s.seconds : null;
const wrkUtilOf = (s: Sample) => (s.wrk.cpuS !== null ? s.wrk.cpuS / s.seconds : null);

say('');
say('Throughput (per target: median of the rounds; ok/s counts 2xx answers only):');
const names = [...new Set(samples.map((s) => s.target))];
table(
  [
    'target',
    'ok/s',
    'p50 ms',
    'p99 ms',
    'p99 max',
    'CPU µs/req',
    'main thr',
    'busiest other',
    'server busy',
    'wrk busy',
    'others on server CPU',
  ],
  names.map((n) => [
    n,
    fmt(med(n, (s) => s.okPerS)),
    fmt(
      med(n, (s) => s.wrk.p50Ms),
      2,
    ),
    fmt(
      med(n, (s) => s.wrk.p99Ms),
      2,
    ),
    fmt(Math.max(...of(n).map((s) => s.wrk.p99Ms ?? 0)), 2),
    fmt(med(n, cpuPerReqUs), 1),
    fmt(med(n, mainUsOf), 1),
    fmt(med(n, otherUsOf), 1),
    pct(med(n, utilOf)),
    pct(med(n, wrkUtilOf)),
    pct(med(n, otherOf)),
  ]),
  [false, true, true, true, true, true, true, true, true, true, true],
);
say(
  '  per round ok/s: ' +
    names
      .map(
        (n) =>
          `${n} ${of(n)
            .map((s) => fmt(s.okPerS))
            .join(' / ')}`,
      )
      .join('; '),
);

const eventsPerS = med('keel-sqlite-ingest', (s) => s.okPerS);
const p99Ms = med('keel-sqlite-ingest', (s) => s.wrk.p99Ms);
const fullPerS = med('keel-sqlite-full-ingest', (s) => s.okPerS);
const pgPerS = med('keel-postgres-ingest', (s) => s.okPerS);
const pgP99 = med('keel-postgres-ingest', (s) => s.wrk.p99Ms);
const healthzRps = med('keel-healthz', (s) => s.okPerS);
const amPerS = med('alertmanager', (s) => s.okPerS);
const ratio = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
const lost = lostBy.size ? [...lostBy.values()].reduce((sum, l) => sum + l.lost, 0) : null;
const others = median(samples.map(otherOf).filter((x): x is number => x !== null));
const busyMachine = others !== null && others > 0.2;

say('');
say('At rest: POST → 202 → alert (with its incident) and incident read back through the API:');
table(
  ['database', 'probes', 'p50 ms', 'p99 ms', 'max ms'],
  [...visibility].map(([label, ms]) => [
    label,
    String(ms.length),
    fmt(quantile(ms, 0.5), 1),
    fmt(quantile(ms, 0.99), 1),
    fmt(ms.length ? Math.max(...ms) : null, 1),
  ]),
  [false, true, true, true, true],
);
say('');
say(
  `Storm: ${storm.alerts} new alerts paced over ${storm.seconds} s on one service (time-window grouping, ${storm.windowMinutes} min), GET /api/v1/incidents?limit=50 back to back:`,
);
table(
  [
    'database',
    'accepted',
    'rate/s',
    'event p99 ms',
    'incidents (expected)',
    'list calls',
    'list p50 ms',
    'list p99 ms',
    'list max ms',
  ],
  [...storms].map(([label, s]) => [
    label,
    `${s.accepted}/${s.sent}`,
    fmt(s.accepted / s.seconds),
    fmt(s.eventP99Ms, 1),
    `${s.incidents ?? 'n/a'} (${s.expected})`,
    String(s.listMs.length),
    fmt(quantile(s.listMs, 0.5), 1),
    fmt(quantile(s.listMs, 0.99), 1),
    fmt(s.listMs.length ? Math.max(...s.listMs) : null, 1),
  ]),
  [false, true, true, true, true, true, true, true, true, true, true],
);
say('');
say('Durability (each Keel killed with SIGKILL after its load, then its database read):');
table(
  ['database', '2xx acknowledged', 'raw events stored', 'lost'],
  [...lostBy].map(([label, l]) => [label, fmt(l.acknowledged), fmt(l.stored), String(l.lost)]),
  [false, true, true, true],
);

const ok = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');
const vis = visibility.get('sqlite') ?? [];
const sqliteStorm = storms.get('sqlite');
say('');
say('Summary:');
table(
  ['figure', 'value', 'target', 'status'],
  [
    [
      'events_per_s (SQLite, synchronous=NORMAL)',
      fmt(eventsPerS),
      `≥ ${fmt(targets.eventsPerS)}`,
      ok(eventsPerS === null ? null : eventsPerS >= targets.eventsPerS),
    ],
    [
      'p99_ms (SQLite NORMAL, median of rounds)',
      fmt(p99Ms, 1),
      `< ${targets.p99Ms}`,
      ok(p99Ms === null ? null : p99Ms < targets.p99Ms),
    ],
    [
      'server-side p99 ms (its log), rounds: SQLite / FULL / PostgreSQL',
      `${fmt(serverP99('sqlite', 'keel-sqlite-ingest'), 1)} / ${fmt(serverP99('sqlite-full', 'keel-sqlite-full-ingest'), 1)} / ${fmt(serverP99('postgres', 'keel-postgres-ingest'), 1)}`,
      '(info)',
      '',
    ],
    ['SQLite synchronous=FULL events/s', fmt(fullPerS), '(info)', ''],
    ['postgres_events_per_s (p99 ms)', `${fmt(pgPerS)} (${fmt(pgP99, 1)})`, '(info)', ''],
    ['healthz_rps (same SQLite server)', fmt(healthzRps), '', ''],
    [
      'ratio events/s ÷ healthz req/s: SQLite / PostgreSQL',
      `${fmt(ratio(eventsPerS, healthzRps), 3)} / ${fmt(ratio(pgPerS, healthzRps), 3)}`,
      '(info)',
      '',
    ],
    ['alertmanager_per_s (in memory)', fmt(amPerS), '', ''],
    [
      'ratio Keel ÷ Alertmanager: SQLite / FULL / PostgreSQL',
      `${fmt(ratio(eventsPerS, amPerS), 3)} / ${fmt(ratio(fullPerS, amPerS), 3)} / ${fmt(ratio(pgPerS, amPerS), 3)}`,
      '(info)',
      '',
    ],
    [
      'visible at rest, p99 ms (SQLite)',
      fmt(quantile(vis, 0.99), 1),
      `< ${targets.visibleP99Ms}`,
      ok(vis.length ? quantile(vis, 0.99)! < targets.visibleP99Ms : null),
    ],
    [
      'storm incidents (SQLite)',
      `${sqliteStorm?.incidents ?? 'n/a'}`,
      `= ${sqliteStorm?.expected ?? 1}`,
      ok(sqliteStorm ? sqliteStorm.incidents === sqliteStorm.expected : null),
    ],
    [
      'storm incident list p99 ms (SQLite)',
      fmt(sqliteStorm ? quantile(sqliteStorm.listMs, 0.99) : null, 1),
      `< ${targets.listP99Ms}`,
      ok(sqliteStorm?.listMs.length ? quantile(sqliteStorm.listMs, 0.99)! < targets.listP99Ms : null),
    ],
    [
      'lost (2xx missing from the database, all runs)',
      String(lost ?? 'n/a'),
      '= 0',
      ok(lost === null ? null : lost === 0),
    ],
  ],
  [false, true, false, false],
);
if (busyMachine)
  say(
    `  note: other processes took a median ${pct(others)} of the servers' CPU: figures are low and noisy; rerun when idle or with --priority.`,
  );
if (procs.priorityRaised === false) fail('--priority: could not raise the priority (needs root)');
say(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} · total ${Math.round((performance.now() - benchStarted) / 1000)} s`,
);

const figures = {
  events_per_s: round(eventsPerS, 0),
  p99_ms: round(p99Ms, 1),
  postgres_events_per_s: round(pgPerS, 0),
  healthz_rps: round(healthzRps, 0),
  alertmanager_per_s: round(amPerS, 0),
  lost,
};
writeFileSync(join(resultsDir, 'summary.txt'), `${report.lines.join('\n')}\n${JSON.stringify(figures)}\n`);
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exitCode = report.problems.length ? 1 : 0;
