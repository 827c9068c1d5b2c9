// `npm run bench:monitors` (about 4 minutes; `--quick` about 1). docs/benchmarks.md
// ("bench:monitors") says how to read it.
//
// Keel's monitor engine under load: Keel (the production build, dist/server/server.js, built first
// by scripts/build.mjs as `npm start` does; a real child process,
// SQLite on a fresh database per size, its job worker and monitor scheduler with their defaults)
// checks N HTTP monitors (created through POST /api/v1/monitor-imports) against a local target, a
// small keep-alive HTTP server in its own child process so its CPU is not counted. Keel runs on
// CPU 0, the target and wrk on CPU 1 (taskset) when there are two CPUs; the heartbeat part runs
// unpinned (its writes are on Keel's writer thread, made to use the second core).
//   - sizes: N = 1,000 and 10,000 at a 20-second interval (`--quick`: 2,000 at 10 s;
//     `--n N --interval S` for one custom size while developing; `--cpu-prof` profiles Keel);
//   - warm-up: one interval + 3 s after the import (every monitor's first check falls inside the
//     first interval, phase spread), then a steady-state window of max(2 intervals, 20 s);
//   - idle: Keel's CPU for 10 s (5 s with --quick) before the import (no monitors), so the cost
//     per check above idle can be told from the fixed cost of the job worker and the scheduler;
//   - over the window: checks/s (monitor_results rows in it), Keel's CPU (utime + stime from
//     /proc) per check and as % of one core, RSS (max of 250 ms samples, and the kernel's peak),
//     database growth (keel.db + -wal + -shm size delta, extrapolated to an hour);
//   - lateness: the scheduler records no due time per run, so it is computed here: each monitor's
//     due grid is read at the window's start (next_check_at; the phase is kept from check to
//     check), each result in the window is matched to the latest due slot before it, and late =
//     result time (when the check finished) − slot. A due slot in the window with no result is
//     counted as missed (a check more than one interval late is skipped, not run twice);
//   - list API: 50 requests for GET /api/v1/monitors (first page, 50 rows) at each size, after
//     the window, checks still running;
//   - heartbeat: a fresh Keel with 1,000 heartbeat monitors; an unknown token must answer 404 in
//     the Keel error shape; wrk pings the known tokens (bench/heartbeat.lua) for 10 s (5 s quick).
// Last line: {"monitors","checks_per_s","cpu_ms_per_check","rss_mb","max_late_ms","list_ms","pings_per_s"}
// for the largest size. Exit 1 when something could not be measured.
import Sqlite from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuS } from './lib/cpu.js';
import { KeelApi } from './lib/keel-api.js';
import { cleanEnv, freePort, has, Processes, stopServer, waitReady, type Server } from './lib/processes.js';
import { createReport, fmt, median, quantile, round, sleep } from './lib/report.js';
import { runWrk } from './lib/wrk.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const argOf = (name: string): number | null => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : null;
};
// --cpu-prof: each Keel writes a V8 CPU profile (whole life) under the results directory.
const cpuProf = process.argv.includes('--cpu-prof');
const customN = argOf('--n');
const customInterval = argOf('--interval');
const sizes: { n: number; intervalS: number }[] =
  customN !== null
    ? [{ n: customN, intervalS: customInterval ?? 20 }]
    : quick
      ? [{ n: 2000, intervalS: 10 }]
      : [
          { n: 1000, intervalS: 20 },
          { n: 10_000, intervalS: 20 },
        ];
for (const s of sizes)
  if (!Number.isInteger(s.n) || s.n < 1 || !Number.isInteger(s.intervalS) || s.intervalS < 10)
    throw new Error('--n takes a whole number ≥ 1, --interval whole seconds ≥ 10');
const heartbeatMonitors = 1000;
const pingSeconds = quick || customN !== null ? 5 : 10;
const listRequests = 50;
const idleMs = quick || customN !== null ? 5000 : 10_000;
const targets = { corePct: 40, rssMb: 400, lateMs: 2000, cpuMsPerCheck: 0.5, listMs: 300, pingsPerS: 5000 };
const admin = { email: 'bench@example.com', password: 'bench password, long enough' };

const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
const resultsDir = join(root, 'bench', 'results', `monitors-${stamp}`);
mkdirSync(resultsDir, { recursive: true });
const tempRoot = mkdtempSync(join(tmpdir(), 'keel-bench-monitors-'));
const report = createReport();
const { say, fail, table } = report;
const procs = new Processes({ cwd: root, resultsDir, priority: null });
procs.installExitHooks(() => rmSync(tempRoot, { recursive: true, force: true }));

const cores = availableParallelism();
const pinning = cores >= 2 && has('taskset');
const keelCore = pinning ? '0' : null;
const otherCore = pinning ? '1' : null;
const load0 = loadavg();
say(
  `bench:monitors${quick ? ' --quick' : ''} · ${new Date().toISOString()} · node ${process.version} · ${cores} × ${cpus()[0]?.model ?? 'CPU'} · load ${load0.map((l) => l.toFixed(2)).join(' ')}`,
);
say(
  pinning
    ? 'pinning: Keel on CPU 0, the target and wrk on CPU 1 (taskset)'
    : 'pinning: none (fewer than 2 CPUs or no taskset)',
);
say(
  'Keel: KEEL_JOBS_WORKERS 4 (default; the monitor scheduler runs beside the job worker), scheduler defaults (200 checks in flight, 200 claimed per query; not configurable by environment)',
);

// ---------------------------------------------------------------------------------------------
// The target: answers 200 "ok" on every path, keep-alive longer than the checker's 30 s idle.

const targetPort = await freePort();
const targetCode = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('ok');
});
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;
const target = procs.spawnServer(
  'target',
  [process.execPath, '-e', targetCode],
  { ...cleanEnv(), PORT: String(targetPort) },
  targetPort,
  '/ready',
  otherCore,
);
if ((await waitReady(target, performance.now())) === null) {
  fail('the target server did not start (see target.stderr.log)');
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Keel on a fresh SQLite database.

interface Keel {
  server: Server;
  api: KeelApi;
  dbFile: string;
  serviceId: string;
}

// The production build, as an operator runs it: under tsx a worker thread (the ingest writer) loads
// TypeScript through tsx again, which cost about 75 MB of RSS the built server does not have.
const serverScript = join(root, 'dist', 'server', 'server.js');
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0 || !existsSync(serverScript)) {
  process.stderr.write(`bench:monitors: build failed (node scripts/build.mjs)\n${build.stderr ?? ''}`);
  process.exit(1);
}

async function startKeel(name: string, core: string | null = keelCore): Promise<Keel | null> {
  const dir = join(tempRoot, name);
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, 'keel.db');
  const port = await freePort();
  const server = procs.spawnServer(
    `keel-${name}`,
    [
      process.execPath,
      ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, `profile-${name}`)}`] : []),
      serverScript,
    ],
    {
      ...cleanEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dbFile}`,
      LOG_LEVEL: 'warn',
      KEEL_LOG_FILE: join(resultsDir, `keel-${name}.log`),
      KEEL_ADMIN_EMAIL: admin.email,
      KEEL_ADMIN_PASSWORD: admin.password,
      KEEL_SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
      KEEL_JOBS_WORKERS: '4',
    },
    port,
    '/healthz',
    core,
  );
  if ((await waitReady(server, performance.now())) === null) {
    fail(`Keel (${name}) did not start (see keel-${name}.stderr.log)`);
    return null;
  }
  const api = new KeelApi(`http://127.0.0.1:${port}`);
  await api.login(admin.email, admin.password);
  const svc = await api.must<{ id: string }>('POST', '/api/v1/services', { name: 'Bench monitors' });
  return { server, api, dbFile, serviceId: svc.id };
}

/** Creates monitors through the bulk import, 2,500 per request (1 MiB body limit). */
async function importMonitors(keel: Keel, bodies: unknown[]): Promise<{ heartbeatPath?: string | null }[]> {
  const out: { heartbeatPath?: string | null }[] = [];
  for (let i = 0; i < bodies.length; i += 2500) {
    const r = await keel.api.call<{ items: { heartbeatPath?: string | null }[] }>(
      'POST',
      '/api/v1/monitor-imports',
      bodies.slice(i, i + 2500),
    );
    if (r.status !== 201) throw new Error(`import: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    out.push(...r.body.items);
  }
  return out;
}

function rssMb(pid: number | undefined): { rss: number | null; hwm: number | null } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : null;
    };
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: null, hwm: null };
  }
}

const dbBytes = (file: string): { main: number; all: number } => {
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  const main = size(file);
  return { main, all: main + size(`${file}-wal`) + size(`${file}-shm`) };
};

/** Bytes of the pages in use, as a reader sees the database (committed WAL frames included). */
function usedBytes(reader: Sqlite.Database): number {
  const pages = Number(reader.pragma('page_count', { simple: true }));
  const free = Number(reader.pragma('freelist_count', { simple: true }));
  return (pages - free) * Number(reader.pragma('page_size', { simple: true }));
}

async function timeList(keel: Keel, n: number): Promise<number[]> {
  for (let i = 0; i < 5; i++) await keel.api.must('GET', '/api/v1/monitors'); // warm
  const ms: number[] = [];
  for (let i = 0; i < listRequests; i++) {
    const r = await keel.api.call<{ items: unknown[] }>('GET', '/api/v1/monitors');
    if (r.status !== 200 || r.body.items.length !== Math.min(50, n))
      fail(`list: ${r.status}, ${r.body?.items?.length ?? 0} rows`);
    ms.push(r.ms);
  }
  return ms;
}

// ---------------------------------------------------------------------------------------------
// One size: import, warm up, measure the window, time the list.

interface SizeResult {
  n: number;
  intervalS: number;
  windowS: number;
  checks: number;
  checksPerS: number;
  expectedPerS: number;
  notUp: number;
  cpuS: number;
  cpuMsPerCheck: number | null;
  corePct: number;
  /** % of a core with no monitors, measured for 10 s before the import. */
  idlePct: number;
  /** (window CPU − idle CPU over the same time) / checks. */
  marginalMsPerCheck: number | null;
  rssMaxMb: number | null;
  rssPeakMb: number | null;
  /** keel.db + -wal + -shm file sizes, delta over the window, per hour. */
  growthPerHour: number;
  /** Pages in use ((page_count − freelist_count) × page_size, as a reader sees it, WAL included), per hour. */
  usedGrowthPerHour: number;
  /** usedGrowthPerHour × 24 / monitors. */
  bytesPerMonitorDay: number;
  bytesPerCheck: number | null;
  lateP50: number | null;
  lateP99: number | null;
  lateMax: number | null;
  missed: number;
  listP50: number | null;
  listP99: number | null;
  rollupChecks: number;
  resultRows: number;
  importS: number;
}

async function runSize(n: number, intervalS: number): Promise<SizeResult | null> {
  const keel = await startKeel(`n${n}`);
  if (!keel) return null;
  const pid = keel.server.child.pid;
  const intervalMs = intervalS * 1000;
  const windowMs = Math.max(2 * intervalMs, 20_000);
  say();
  say(`— ${fmt(n)} HTTP monitors every ${intervalS} s (expected ${fmt(n / intervalS, 0)} checks/s)`);
  // Idle: what the server spends with no monitor (job worker and scheduler polling), for the
  // marginal cost per check below.
  await sleep(2000);
  const idle0 = processCpuS(pid);
  await sleep(idleMs);
  const idle1 = processCpuS(pid);
  const idlePct = idle0 !== null && idle1 !== null ? ((idle1 - idle0) / (idleMs / 1000)) * 100 : NaN;
  const t0 = performance.now();
  await importMonitors(
    keel,
    Array.from({ length: n }, (_, i) => ({
      name: `bench ${i}`,
      type: 'http',
      serviceId: keel.serviceId,
      config: { url: `http://127.0.0.1:${targetPort}/m/${i}` },
      intervalSeconds: intervalS,
      timeoutMs: 5000,
    })),
  );
  const importS = (performance.now() - t0) / 1000;
  say(`  imported in ${fmt(importS, 1)} s; warm-up ${intervalS + 3} s, window ${windowMs / 1000} s`);

  let rssMax = 0;
  const sampler = setInterval(() => {
    const { rss } = rssMb(pid);
    if (rss !== null) rssMax = Math.max(rssMax, rss);
  }, 250);
  await sleep(intervalMs + 3000);

  // The window: due grid, CPU, files at its start.
  const reader = new Sqlite(keel.dbFile, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  const grid = new Map(
    (
      reader.prepare('select id, next_check_at from monitors').all() as {
        id: string;
        next_check_at: number;
      }[]
    ).map((r) => [r.id, Number(r.next_check_at)]),
  );
  const w0 = Date.now();
  const cpu0 = processCpuS(pid);
  const size0 = dbBytes(keel.dbFile);
  const used0 = usedBytes(reader);
  rssMax = 0;
  await sleep(windowMs);
  const w1 = Date.now();
  const cpu1 = processCpuS(pid);
  const size1 = dbBytes(keel.dbFile);
  const used1 = usedBytes(reader);
  const { hwm } = rssMb(pid);
  await sleep(3000); // results of slots near the window's end

  const rows = reader
    .prepare('select monitor_id, at, status from monitor_results where at >= ? and at <= ?')
    .all(w0, w1 + 3000) as { monitor_id: string; at: number; status: string }[];
  const inWindow = rows.filter((r) => r.at <= w1);
  const checks = inWindow.length;
  const notUp = inWindow.filter((r) => r.status !== 'up').length;
  const late: number[] = [];
  const seen = new Map<string, Set<number>>();
  for (const r of rows) {
    const g = grid.get(r.monitor_id);
    if (g === undefined) continue;
    const slot = g + Math.floor((Number(r.at) - g) / intervalMs) * intervalMs;
    if (slot >= w0 - intervalMs && slot <= w1) {
      late.push(Number(r.at) - slot);
      let s = seen.get(r.monitor_id);
      if (!s) seen.set(r.monitor_id, (s = new Set()));
      s.add(slot);
    }
  }
  let missed = 0;
  for (const [id, g] of grid) {
    const first = g + Math.ceil((w0 - g) / intervalMs) * intervalMs;
    for (let slot = first; slot <= w1; slot += intervalMs) if (!seen.get(id)?.has(slot)) missed++;
  }
  const totals = reader
    .prepare(
      "select (select count(*) from monitor_results) as results, (select coalesce(sum(checks), 0) from monitor_rollups where period = 'm') as rollup",
    )
    .get() as { results: number; rollup: number };
  reader.close();

  const list = await timeList(keel, n);
  clearInterval(sampler);
  await stopServer(keel.server);

  const windowS = (w1 - w0) / 1000;
  const cpuS = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : NaN;
  const growthPerHour = ((size1.all - size0.all) / windowS) * 3600;
  const usedGrowthPerHour = ((used1 - used0) / windowS) * 3600;
  return {
    n,
    intervalS,
    windowS,
    checks,
    checksPerS: checks / windowS,
    expectedPerS: n / intervalS,
    notUp,
    cpuS,
    cpuMsPerCheck: checks ? (cpuS * 1000) / checks : null,
    corePct: (cpuS / windowS) * 100,
    idlePct,
    marginalMsPerCheck: checks ? ((cpuS - (idlePct / 100) * windowS) * 1000) / checks : null,
    rssMaxMb: rssMax || null,
    rssPeakMb: hwm,
    growthPerHour,
    usedGrowthPerHour,
    bytesPerMonitorDay: (usedGrowthPerHour * 24) / n,
    bytesPerCheck: checks ? (used1 - used0) / checks : null,
    lateP50: quantile(late, 0.5),
    lateP99: quantile(late, 0.99),
    lateMax: late.length ? Math.max(...late) : null,
    missed,
    listP50: median(list),
    listP99: quantile(list, 0.99),
    rollupChecks: Number(totals.rollup),
    resultRows: Number(totals.results),
    importS,
  };
}

// ---------------------------------------------------------------------------------------------
// Heartbeat pings.

interface PingResult {
  pingsPerS: number | null;
  p99Ms: number | null;
  non2xx: number;
  unknown404: boolean;
  skipped: string | null;
}

async function runHeartbeat(): Promise<PingResult> {
  const skip = (why: string): PingResult => ({
    pingsPerS: null,
    p99Ms: null,
    non2xx: 0,
    unknown404: false,
    skipped: why,
  });
  say();
  say(`— heartbeat pings: ${fmt(heartbeatMonitors)} heartbeat monitors, wrk for ${pingSeconds} s`);
  // Unpinned, Keel and wrk alike: pings are committed by Keel's writer thread (on a SQLite file),
  // which is there to use the second core; pinning Keel to one would measure one core, not the machine.
  const keel = await startKeel('heartbeat', null);
  if (!keel) return skip('Keel did not start');
  try {
    let items: { heartbeatPath?: string | null }[];
    try {
      items = await importMonitors(
        keel,
        Array.from({ length: heartbeatMonitors }, (_, i) => ({
          name: `heartbeat ${i}`,
          type: 'heartbeat',
          serviceId: keel.serviceId,
          config: { everySeconds: 3600 },
          intervalSeconds: 3600,
        })),
      );
    } catch (err) {
      return skip(`heartbeat monitors cannot be created yet (${(err as Error).message.slice(0, 200)})`);
    }
    const paths = items.map((m) => m.heartbeatPath).filter((p): p is string => typeof p === 'string');
    if (paths.length !== heartbeatMonitors) return skip('the monitor view carries no heartbeatPath yet');
    const base = keel.api.base;
    const known = await fetch(`${base}${paths[0]}`);
    const knownBody = await known.text();
    if (known.status === 404 && knownBody.includes('route_not_found'))
      return skip('the heartbeat route (GET /api/v1/heartbeat/<token>) is not registered yet');
    if (known.status >= 300)
      return skip(`a known token answered ${known.status}: ${knownBody.slice(0, 200)}`);
    const unknown = await fetch(`${base}/api/v1/heartbeat/bench-unknown-token-0000000000`);
    const body = (await unknown.json().catch(() => null)) as {
      error?: { code?: unknown; message?: unknown };
    } | null;
    const unknown404 =
      unknown.status === 404 &&
      typeof body?.error?.code === 'string' &&
      body.error.code !== 'route_not_found' &&
      typeof body.error.message === 'string';
    say(
      `  unknown token: ${unknown.status} ${JSON.stringify(body)}${unknown404 ? '' : '  ✗ not a Keel 404'}`,
    );
    if (!unknown404) fail('an unknown heartbeat token does not answer 404 in the Keel error shape');
    const pathsFile = join(tempRoot, 'heartbeat-paths.txt');
    writeFileSync(pathsFile, `${paths.join('\n')}\n`);
    // Sustained rate: a 3-second warm-up first, not measured (as bench:ingest's), so the window
    // does not include the first lookup of each token, the JIT's first compilations and the
    // writer thread's first batches.
    const pingLoad = {
      url: base,
      threads: 1,
      connections: 32,
      pinTo: null,
      script: join(root, 'bench', 'heartbeat.lua'),
      scriptArgs: [pathsFile],
    };
    const warm = await runWrk(procs, { ...pingLoad, seconds: 3 });
    say(`  warm-up 3 s: ${warm.rps === null ? 'failed' : `${fmt(Math.round(warm.rps))} pings/s`}`);
    const w = await runWrk(procs, { ...pingLoad, seconds: pingSeconds });
    writeFileSync(join(resultsDir, 'wrk-heartbeat.txt'), w.raw);
    if (w.rps === null) fail(`wrk failed: ${w.raw.slice(0, 300)}`);
    if (w.errors) say(`  wrk: ${w.errors}`);
    return { pingsPerS: w.rps, p99Ms: w.p99Ms, non2xx: w.non2xx, unknown404, skipped: null };
  } finally {
    await stopServer(keel.server);
  }
}

// ---------------------------------------------------------------------------------------------
// Run and report.

const results: SizeResult[] = [];
for (const s of sizes) {
  const r = await runSize(s.n, s.intervalS);
  if (r) results.push(r);
  else fail(`size ${s.n} was not measured`);
}
const pings = has('wrk')
  ? await runHeartbeat()
  : { pingsPerS: null, p99Ms: null, non2xx: 0, unknown404: false, skipped: 'wrk is not installed' };
await stopServer(target);

const load1 = loadavg();
say();
say('steady-state window (server process only; the target runs in its own process)');
table(
  [
    'monitors',
    'every',
    'window',
    'checks/s',
    'expected',
    'not up',
    'CPU ms/check',
    'above idle',
    '% of a core',
    'idle',
    'RSS max',
    'RSS peak',
  ],
  results.map((r) => [
    fmt(r.n),
    `${r.intervalS} s`,
    `${fmt(r.windowS, 1)} s`,
    fmt(r.checksPerS, 1),
    fmt(r.expectedPerS, 1),
    fmt(r.notUp),
    fmt(r.cpuMsPerCheck, 3),
    fmt(r.marginalMsPerCheck, 3),
    `${fmt(r.corePct, 1)}%`,
    `${fmt(r.idlePct, 1)}%`,
    `${fmt(r.rssMaxMb, 0)} MB`,
    `${fmt(r.rssPeakMb, 0)} MB`,
  ]),
  [true, true, true, true, true, true, true, true, true, true, true, true],
);
say('lateness (result time − due slot), database growth, list API (GET /api/v1/monitors, first page of 50)');
table(
  [
    'monitors',
    'late p50',
    'p99',
    'max',
    'missed slots',
    'DB growth/h',
    'files/h',
    'per monitor/day',
    'list p50',
    'p99',
  ],
  results.map((r) => [
    fmt(r.n),
    `${fmt(r.lateP50, 0)} ms`,
    `${fmt(r.lateP99, 0)} ms`,
    `${fmt(r.lateMax, 0)} ms`,
    fmt(r.missed),
    `${fmt(r.usedGrowthPerHour / 1048576, 1)} MiB`,
    `${fmt(r.growthPerHour / 1048576, 1)} MiB`,
    `${fmt(r.bytesPerMonitorDay / 1024, 1)} KiB`,
    `${fmt(r.listP50, 1)} ms`,
    `${fmt(r.listP99, 1)} ms`,
  ]),
  [true, true, true, true, true, true, true, true, true, true],
);
for (const r of results)
  say(
    `  ${fmt(r.n)}: import ${fmt(r.importS, 1)} s; ${fmt(r.bytesPerCheck, 0)} bytes per check stored; whole run ${fmt(r.resultRows)} result rows, ${fmt(r.rollupChecks)} checks in minute rollups${r.resultRows === r.rollupChecks ? ' (equal)' : ' ✗ differ'}`,
  );
say(
  '  DB growth: pages in use as a reader sees them (WAL included), extrapolated from the window; files: keel.db + -wal + -shm sizes (the WAL grows to its checkpoint size and is then reused, so over a short window it overstates). Per monitor/day: DB growth × 24 / monitors, before retention (raw rows are kept 2 days, minute rollups 14). docs/monitors.md ("Byte budget per monitor per day") states ≈ 413 KB written per monitor per day at a 60 s interval (raw ≈ 191 KB, rollups ≈ 221 KB): a 20 s interval writes 3 × the raw share.',
);
if (pings.skipped) say(`heartbeat: skipped: ${pings.skipped}`);
else
  say(
    `heartbeat: ${fmt(pings.pingsPerS, 0)} pings/s (p99 ${fmt(pings.p99Ms, 1)} ms, ${fmt(pings.non2xx)} non-2xx); unknown token 404 in the Keel error shape: ${pings.unknown404 ? 'yes' : 'no'}`,
  );
say(
  `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
);

const largest = results.reduce<SizeResult | null>((a, r) => (a === null || r.n > a.n ? r : a), null);
const check = (label: string, value: number | null, ok: (v: number) => boolean, want: string) =>
  say(
    `  ${value !== null && ok(value) ? 'met   ' : 'MISSED'}  ${label}: ${value === null ? 'n/a' : fmt(value, 2)} (target ${want})`,
  );
if (largest) {
  say(
    `targets (${fmt(largest.n)} monitors${largest.n === 10_000 ? '' : '; the issue states them for 10,000 and for --quick'})`,
  );
  check('% of one core', largest.corePct, (v) => v < targets.corePct, `< ${targets.corePct}%`);
  check('RSS max MB', largest.rssMaxMb, (v) => v < targets.rssMb, `< ${targets.rssMb} MB`);
  check(
    'max lateness ms',
    largest.missed ? Infinity : largest.lateMax,
    (v) => v <= targets.lateMs,
    `≤ ${targets.lateMs} ms, no missed slot`,
  );
  check(
    'CPU ms per check',
    largest.cpuMsPerCheck,
    (v) => v <= targets.cpuMsPerCheck,
    `≤ ${targets.cpuMsPerCheck}`,
  );
  check('list first page p50 ms', largest.listP50, (v) => v < targets.listMs, `< ${targets.listMs} ms`);
  check(
    'checks/s vs expected',
    largest.checksPerS,
    (v) => v >= largest.expectedPerS * 0.97,
    `≥ 97% of ${fmt(largest.expectedPerS, 0)}`,
  );
}
check('heartbeat pings/s', pings.pingsPerS, (v) => v >= targets.pingsPerS, `≥ ${fmt(targets.pingsPerS)}`);
if (largest && largest.notUp) fail(`${largest.notUp} checks were not up against the local target`);

writeFileSync(join(resultsDir, 'report.txt'), `${report.lines.join('\n')}\n`);
const result = {
  monitors: largest?.n ?? null,
  checks_per_s: round(largest?.checksPerS ?? null, 1),
  cpu_ms_per_check: round(largest?.cpuMsPerCheck ?? null, 3),
  rss_mb: round(largest?.rssMaxMb ?? null, 0),
  max_late_ms: largest ? (largest.missed ? null : largest.lateMax) : null,
  list_ms: round(largest?.listP50 ?? null, 1),
  pings_per_s: round(pings.pingsPerS, 0),
};
say(JSON.stringify(result));
process.exit(report.problems.length ? 1 : 0);
