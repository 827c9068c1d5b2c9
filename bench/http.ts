// `npm run bench:http` (about 2 minutes) and `npm run bench:http -- --quick` (under 60 s); either
// takes --priority (see below). docs/benchmarks.md says how to read the output.
//
// Measures, on this machine and in one run:
//   startup_ms    median time from spawning the production server (dist/server/server.js) on a
//                 fresh, empty SQLite database until GET /healthz answers 200 (migrations included);
//   healthz_rps   wrk against Keel's GET /healthz (production build, LOG_LEVEL=info to a file);
//   baseline_rps  wrk against a bare Fastify 5 hello-world (bench/baseline-server.mjs), same settings;
//   ratio         healthz_rps / baseline_rps (target >= 0.6).
// Prints a table, then as its last line one JSON object with those four figures (null when a figure
// could not be measured). Servers log to files under bench/results/ (git-ignored), never here.
// Exit status: 0 when every figure was measured (targets missed or not), 1 when something broke.
// Servers run on CPU 0 and wrk on CPU 1 (taskset) when there are two CPUs; start-up runs unpinned.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreBusyS, processCpuS } from './lib/cpu.js';
import {
  cleanEnv,
  ensureCommand,
  freePort,
  has,
  Processes,
  run as runIn,
  stopServer,
  waitReady as waitReadyFor,
  type Server,
} from './lib/processes.js';
import { createReport, fmt, median, pct, sleep, tail } from './lib/report.js';
import { runWrk as runWrkWith, type WrkResult } from './lib/wrk.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
// --priority: run the servers and wrk at nice -10, each in its own scheduler autogroup, so that on a
// shared machine they get most of their CPU instead of an equal share with every other session.
// Off by default: it slows everyone else down while it runs. Needs root (or CAP_SYS_NICE).
const priority = process.argv.includes('--priority') ? -10 : null;

const settings = quick
  ? { starts: 3, warmupS: 3, rounds: 4, durationS: 3 } // 4 rounds × 3 s × 2 servers = 24 s measured
  : { starts: 5, warmupS: 10, rounds: 6, durationS: 5 }; // 6 rounds × 5 s × 2 servers = 60 s measured
// Many short rounds rather than a few long ones: each round measures Keel and the baseline back to
// back, so on a machine whose load drifts (a shared one) the two see the same conditions. Keel's JIT
// keeps improving for ~20-30 s under load, so the full run warms up longer.
const wrkThreads = 1;
const wrkConnections = 50;
const targets = { ratio: 0.6, startupMs: 30_000 };
const startupTimeoutMs = 60_000;

const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
const resultsDir = join(root, 'bench', 'results', `http-${stamp}${quick ? '-quick' : ''}`);
mkdirSync(resultsDir, { recursive: true });
const tempRoot = mkdtempSync(join(tmpdir(), 'keel-bench-http-'));

const report = createReport();
const { say, fail, problems, table } = report;
const out = report.lines;

const procs = new Processes({ cwd: root, resultsDir, priority });
procs.installExitHooks(() => rmSync(tempRoot, { recursive: true, force: true }));
const run = (command: string, args: string[], opts: { timeoutMs?: number } = {}) =>
  runIn(command, args, { cwd: root, ...opts });
const waitReady = (server: Server, since: number) => waitReadyFor(server, since, startupTimeoutMs);

/** Spawns a Node server script with stdout/stderr going to files; `pinTo` runs it under taskset. */
function spawnServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  port: number,
  path: string,
  pinTo: string | null,
): Server {
  return procs.spawnServer(name, [process.execPath, script], env, port, path, pinTo);
}

/** Keel as deployed: defaults, plus a port, an empty SQLite database and info logs to a file. */
function keelEnv(port: number, dir: string, logFile: string): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'keel.db')}`,
    LOG_LEVEL: 'info',
    KEEL_LOG_FILE: logFile,
  };
}

const runWrk = (url: string, seconds: number, pinTo: string | null): Promise<WrkResult> =>
  runWrkWith(procs, { url, seconds, threads: wrkThreads, connections: wrkConnections, pinTo });

// ---------------------------------------------------------------------------------------------
// 1. Set-up: wrk, pinning, a fresh build.

const benchStarted = performance.now();
const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
const cores = availableParallelism();
say(
  `bench:http${quick ? ' --quick' : ''} · ${new Date().toISOString()} · node ${process.version} · ${cores} × ${cpuModel}`,
);
say(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
say(`server logs and raw wrk output: ${relative(root, resultsDir)}/`);
{
  // What was measured: the server is built from the working tree, which may differ from HEAD.
  const head = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json']);
  say(
    head.ok
      ? `code: ${head.output.trim()}${dirty.ok && dirty.output.trim() ? ' + uncommitted changes under src/' : ''}`
      : 'code: not a git checkout',
  );
}

if (!has('wrk')) {
  say('wrk is not on PATH: installing it (apt-get install -y wrk)');
  if (!ensureCommand('wrk', 'wrk', join(resultsDir, 'apt-get.log')))
    fail(`could not install wrk: see ${relative(root, join(resultsDir, 'apt-get.log'))}`);
}
const wrkVersion = has('wrk') ? (/wrk (\S+)/.exec(run('wrk', ['--version']).output)?.[1] ?? '?') : null;

const pinning = cores >= 2 && has('taskset');
const serverCore = pinning ? '0' : null;
const wrkCore = pinning ? '1' : null;
say(
  pinning
    ? `pinning: servers on CPU 0, wrk on CPU 1 (taskset); wrk ${wrkVersion} -t${wrkThreads} -c${wrkConnections}`
    : `pinning: none (${cores < 2 ? 'fewer than 2 CPUs' : 'taskset not found'}); wrk ${wrkVersion} -t${wrkThreads} -c${wrkConnections}`,
);

say(
  priority === null
    ? 'priority: normal (on a shared machine, --priority runs the servers and wrk at nice -10)'
    : `priority: nice ${priority}, each server and wrk in its own autogroup (--priority)`,
);

const buildStarted = performance.now();
const build = run(process.execPath, ['scripts/build.mjs'], { timeoutMs: 600_000 });
writeFileSync(join(resultsDir, 'build.log'), build.output);
const serverScript = join(root, 'dist', 'server', 'server.js');
if (!build.ok || !existsSync(serverScript))
  fail(`build failed (node scripts/build.mjs): ${tail(build.output)}`);
const built = build.output.match(/built [\w ]+ in \d+ ms/g);
say(`build: ${built ? built.join(', ') : 'up to date'} (${Math.round(performance.now() - buildStarted)} ms)`);

// ---------------------------------------------------------------------------------------------
// 2. Start-up to ready, each on a fresh, empty SQLite database.

const startups: number[] = [];
if (existsSync(serverScript)) {
  for (let i = 1; i <= settings.starts; i++) {
    const dir = mkdtempSync(join(tempRoot, `startup-${i}-`));
    const port = await freePort();
    const t0 = performance.now();
    const server = spawnServer(
      `startup-${i}`,
      serverScript,
      keelEnv(port, dir, join(resultsDir, `startup-${i}.keel.log`)),
      port,
      '/healthz',
      null,
    );
    const ms = await waitReady(server, t0);
    await stopServer(server);
    if (ms === null) {
      fail(
        `start-up ${i}: no 200 from /healthz within ${startupTimeoutMs} ms: ${tail(readFileSync(server.stderrFile, 'utf8'), 3)}`,
      );
      break;
    }
    startups.push(ms);
  }
}
const startupMs = median(startups);

// ---------------------------------------------------------------------------------------------
// 3. Throughput: Keel's /healthz and the baseline, interleaved. While one is measured the other is
//    paused (SIGSTOP), so neither the baseline nor Keel's background work runs during the other's turn.

interface Sample {
  server: string;
  round: number;
  wrk: WrkResult;
  cpuS: number | null;
  coreBusyS: number | null;
  wrkCoreBusyS: number | null;
  seconds: number;
}
const samples: Sample[] = [];
let loadBroken = false;
const loadFail = (message: string): void => {
  loadBroken = true;
  fail(message);
};

if (has('wrk') && existsSync(serverScript)) {
  const keelPort = await freePort();
  const keelDir = mkdtempSync(join(tempRoot, 'load-'));
  const keel = spawnServer(
    'keel',
    serverScript,
    keelEnv(keelPort, keelDir, join(resultsDir, 'keel.log')),
    keelPort,
    '/healthz',
    serverCore,
  );
  const keelReady = await waitReady(keel, performance.now());
  if (keelReady === null)
    loadFail(`Keel did not start for the load test: ${tail(readFileSync(keel.stderrFile, 'utf8'), 3)}`);

  const basePort = await freePort();
  const baseline = spawnServer(
    'baseline',
    join(root, 'bench', 'baseline-server.mjs'),
    { ...cleanEnv(), PORT: String(basePort), HOST: '127.0.0.1' },
    basePort,
    '/',
    serverCore,
  );
  const baseReady = await waitReady(baseline, performance.now());
  if (baseReady === null)
    loadFail(`the baseline server did not start: ${tail(readFileSync(baseline.stderrFile, 'utf8'), 3)}`);

  if (keelReady !== null && baseReady !== null) {
    const servers = [keel, baseline];
    const only = (active: Server) => {
      for (const s of servers) s.child.kill(s === active ? 'SIGCONT' : 'SIGSTOP');
    };
    const url = (s: Server) => `http://127.0.0.1:${s.port}${s.path}`;

    for (const s of servers) {
      only(s);
      const warm = await runWrk(url(s), settings.warmupS, wrkCore);
      writeFileSync(join(resultsDir, `${s.name}.warmup.wrk.txt`), warm.raw);
      if (warm.rps === null) loadFail(`wrk warm-up against ${s.name} failed: ${tail(warm.raw, 2)}`);
    }
    for (let round = 1; round <= settings.rounds && !loadBroken; round++) {
      // Alternate who goes first, so a drift in machine load does not always favour the same one.
      const order = round % 2 ? servers : [...servers].reverse();
      for (const s of order) {
        only(s);
        await sleep(200);
        const cpu0 = processCpuS(s.child.pid);
        const core0 = coreBusyS(serverCore);
        const wrkCore0 = coreBusyS(wrkCore);
        const t0 = performance.now();
        const result = await runWrk(url(s), settings.durationS, wrkCore);
        const seconds = (performance.now() - t0) / 1000;
        const cpu1 = processCpuS(s.child.pid);
        const core1 = coreBusyS(serverCore);
        const wrkCore1 = coreBusyS(wrkCore);
        writeFileSync(join(resultsDir, `${s.name}.round-${round}.wrk.txt`), result.raw);
        if (result.rps === null) loadFail(`wrk against ${s.name} failed: ${tail(result.raw, 2)}`);
        if (result.errors) fail(`wrk against ${s.name}, round ${round}: ${result.errors}`);
        samples.push({
          server: s.name,
          round,
          wrk: result,
          cpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
          coreBusyS: core0 !== null && core1 !== null ? core1 - core0 : null,
          wrkCoreBusyS: wrkCore0 !== null && wrkCore1 !== null ? wrkCore1 - wrkCore0 : null,
          seconds,
        });
      }
    }
    for (const s of servers) s.child.kill('SIGCONT');
  }
  await Promise.all([stopServer(keel), stopServer(baseline)]);
}

// ---------------------------------------------------------------------------------------------
// 4. Report

const of = (name: string) => samples.filter((s) => s.server === name && s.wrk.rps !== null);
const rpsOf = (name: string) => median(of(name).map((s) => s.wrk.rps!));
const cpuPerReqUs = (s: Sample) =>
  s.cpuS !== null && s.wrk.requests ? (s.cpuS / s.wrk.requests) * 1e6 : null;
const utilOf = (s: Sample) => (s.cpuS !== null ? s.cpuS / s.seconds : null);
const otherOf = (s: Sample) =>
  s.cpuS !== null && s.coreBusyS !== null ? Math.max(0, s.coreBusyS - s.cpuS) / s.seconds : null;
const wrkUtilOf = (s: Sample) => (s.wrk.cpuS !== null ? s.wrk.cpuS / s.seconds : null);
const wrkOtherOf = (s: Sample) =>
  s.wrk.cpuS !== null && s.wrkCoreBusyS !== null
    ? Math.max(0, s.wrkCoreBusyS - s.wrk.cpuS) / s.seconds
    : null;
const medianOf = (name: string, f: (s: Sample) => number | null) =>
  median(
    of(name)
      .map(f)
      .filter((x): x is number => x !== null),
  );

const healthzRps = rpsOf('keel');
const baselineRps = rpsOf('baseline');
const ratio =
  healthzRps !== null && baselineRps !== null && baselineRps > 0 ? healthzRps / baselineRps : null;
const roundRatios = [...new Set(samples.map((s) => s.round))].flatMap((r) => {
  const k = samples.find((s) => s.round === r && s.server === 'keel')?.wrk.rps;
  const b = samples.find((s) => s.round === r && s.server === 'baseline')?.wrk.rps;
  return k && b ? [k / b] : [];
});
const keelUs = medianOf('keel', cpuPerReqUs);
const baseUs = medianOf('baseline', cpuPerReqUs);

say('');
say(
  `Start-up to ready (spawn → first 200 from /healthz, empty SQLite, migrations included), ${startups.length} starts:`,
);
say(`  ${startups.length ? startups.map((ms) => `${Math.round(ms)} ms`).join(', ') : 'n/a'}`);
say('');
say(
  `Throughput, ${settings.rounds} interleaved rounds × ${settings.durationS} s per server after a ${settings.warmupS} s warm-up each:`,
);
const pinned = serverCore !== null;
table(
  [
    'round',
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU µs/req',
    'server busy',
    'wrk busy',
    'others on server CPU',
    'others on wrk CPU',
  ],
  samples.map((s) => [
    String(s.round),
    s.server === 'keel' ? 'Keel GET /healthz' : 'baseline GET /',
    fmt(s.wrk.rps),
    fmt(s.wrk.p50Ms, 2),
    fmt(s.wrk.p99Ms, 2),
    fmt(cpuPerReqUs(s), 1),
    pct(utilOf(s)),
    pct(wrkUtilOf(s)),
    pinned ? pct(otherOf(s)) : 'n/a',
    pinned ? pct(wrkOtherOf(s)) : 'n/a',
  ]),
  [true, false, true, true, true, true, true, true, true, true],
);
say('  server/wrk busy: share of one CPU each used; others: share of that CPU used by other processes');
const keelUtil = medianOf('keel', utilOf);
const baseUtil = medianOf('baseline', utilOf);
// Other processes filling the wrk CPU while wrk waits on the server are harmless; on the server's CPU they are not.
const others = median(samples.map(otherOf).filter((x): x is number => x !== null));
const busyMachine = others !== null && others > 0.2;
const wrkBound = !busyMachine && baseUtil !== null && baseUtil < 0.85;
if (busyMachine) {
  say(
    `  note: the machine was busy: other processes took a median ${pct(others)} of the servers' CPU, so req/s`,
  );
  say(
    '        are low and noisy; the ratio and CPU µs/req suffer less. Rerun when idle, or with --priority.',
  );
} else if (wrkBound) {
  say(
    `  note: the baseline server was only ${pct(baseUtil)} busy: wrk (or load on wrk's CPU) set its rate, so`,
  );
  say(
    '        baseline_rps understates it and the ratio flatters Keel; the CPU-cost ratio does not depend on that.',
  );
}

const ok = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');
say('');
say('Summary (medians):');
table(
  ['figure', 'value', 'target', 'status'],
  [
    ['healthz_rps (Keel GET /healthz)', fmt(healthzRps), '', ''],
    ['baseline_rps (bare Fastify 5, same run)', fmt(baselineRps), '', ''],
    [
      'ratio per round (min / median / max)',
      roundRatios.length
        ? `${fmt(Math.min(...roundRatios), 2)} / ${fmt(median(roundRatios), 2)} / ${fmt(Math.max(...roundRatios), 2)}`
        : 'n/a',
      '(info)',
      '',
    ],
    [
      'ratio = healthz_rps / baseline_rps',
      fmt(ratio, 3),
      `≥ ${targets.ratio}`,
      `${ok(ratio === null ? null : ratio >= targets.ratio)}${busyMachine || wrkBound ? ' (unreliable: see note)' : ''}`,
    ],
    [
      'startup_ms (median)',
      fmt(startupMs),
      `< ${fmt(targets.startupMs)}`,
      ok(startupMs === null ? null : startupMs < targets.startupMs),
    ],
    ['server CPU per request: Keel / baseline', `${fmt(keelUs, 1)} / ${fmt(baseUs, 1)} µs`, '', ''],
    [
      'CPU-cost ratio = baseline µs / Keel µs',
      fmt(keelUs && baseUs ? baseUs / keelUs : null, 3),
      '(info)',
      '',
    ],
    ['server CPU busy: Keel / baseline', `${pct(keelUtil)} / ${pct(baseUtil)}`, '', ''],
  ],
  [false, true, false, false],
);
if (priority !== null && procs.priorityRaised === false)
  fail('--priority: could not raise the priority (needs root)');
say(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} · total ${Math.round((performance.now() - benchStarted) / 1000)} s`,
);

const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));
const figures = {
  healthz_rps: round(healthzRps, 0),
  baseline_rps: round(baselineRps, 0),
  ratio: round(ratio, 3),
  startup_ms: round(startupMs, 0),
};
writeFileSync(join(resultsDir, 'summary.txt'), `${out.join('\n')}\n${JSON.stringify(figures)}\n`);
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exitCode = problems.length ? 1 : 0;
