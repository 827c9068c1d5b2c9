// wrk (the Debian package) as a child process, and its output parsed.
import { processCpuS } from './cpu.js';
import type { Processes } from './processes.js';

export interface WrkResult {
  rps: number | null;
  requests: number | null;
  /** Requests answered other than 2xx or 3xx (wrk's "Non-2xx or 3xx responses"). */
  non2xx: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: string | null;
  /** wrk's own CPU seconds (sampled every 100 ms, so it may miss the last 100 ms). */
  cpuS: number | null;
  raw: string;
}

export interface WrkRun {
  url: string;
  seconds: number;
  threads: number;
  connections: number;
  pinTo: string | null;
  /** A Lua script (-s) and the arguments after `--` it receives in init(). */
  script?: string;
  scriptArgs?: string[];
}

export function toMs(value: string): number | null {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

export function parseWrk(raw: string, cpuS: number | null = null): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(raw);
  const requests = /(\d+) requests in/.exec(raw);
  const p50 = /^\s+50%\s+(\S+)/m.exec(raw);
  const p99 = /^\s+99%\s+(\S+)/m.exec(raw);
  const errs: string[] = [];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(raw);
  if (non2xx) errs.push(`${non2xx[1]} non-2xx`);
  const sock = /Socket errors: (.*)/.exec(raw);
  if (sock) errs.push(`socket errors: ${sock[1]}`);
  return {
    rps: rps ? Number(rps[1]) : null,
    requests: requests ? Number(requests[1]) : null,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    p50Ms: p50 ? toMs(p50[1]!) : null,
    p99Ms: p99 ? toMs(p99[1]!) : null,
    errors: errs.length ? errs.join(', ') : null,
    cpuS,
    raw,
  };
}

/** Runs wrk with --latency; resolves its parsed output (nulls when it failed). */
export function runWrk(procs: Processes, w: WrkRun): Promise<WrkResult> {
  const argv = ['wrk', `-t${w.threads}`, `-c${w.connections}`, `-d${w.seconds}s`, '--latency'];
  if (w.script) argv.push('-s', w.script);
  argv.push(w.url);
  if (w.scriptArgs?.length) argv.push('--', ...w.scriptArgs);
  return new Promise((resolve) => {
    const child = procs.spawn(argv, w.pinTo, { stdio: 'pipe' });
    let cpuS: number | null = null;
    const poll = setInterval(() => (cpuS = processCpuS(child.pid) ?? cpuS), 100);
    let raw = '';
    child.stdout!.on('data', (d: Buffer) => (raw += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (raw += d.toString()));
    child.on('error', (err) => {
      clearInterval(poll);
      resolve(parseWrk(`${raw}\n${err.message}`));
    });
    child.on('close', () => {
      clearInterval(poll);
      resolve(parseWrk(raw, cpuS));
    });
  });
}
