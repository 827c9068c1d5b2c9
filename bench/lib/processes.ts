// Child processes for benchmarks: servers and load generators, each tracked and killed on the way
// out whatever happens, optionally pinned to a CPU (taskset) and run at a raised priority.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { sleep } from './report.js';

export interface Server {
  name: string;
  child: ChildProcess;
  port: number;
  /** The path that answers 200 once the server is ready. */
  path: string;
  stderrFile: string;
}

export function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function run(command: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) {
  const r = spawnSync(command, args, {
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: opts.timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, status: r.status };
}

/** Installs a Debian package when its command is missing; returns whether the command is there. */
export function ensureCommand(command: string, pkg: string, logFile: string): boolean {
  if (has(command)) return true;
  const log: string[] = [];
  let r = run('apt-get', ['install', '-y', pkg], { timeoutMs: 300_000 });
  log.push(r.output);
  if (!r.ok) {
    log.push(run('apt-get', ['update'], { timeoutMs: 300_000 }).output);
    r = run('apt-get', ['install', '-y', pkg], { timeoutMs: 300_000 });
    log.push(r.output);
  }
  writeFileSync(logFile, log.join('\n'));
  return has(command);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One GET on a fresh connection; resolves the status code, or 0 when nothing answers. */
export function get(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** The caller's environment minus anything that would change how a server under test runs. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('KEEL_') || ['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'NODE_OPTIONS'].includes(k))
      continue;
    env[k] = v;
  }
  return env;
}

/**
 * Every child a benchmark starts. `priority` (e.g. -10): each child runs at that nice level in its
 * own scheduler autogroup (spawned detached, so it leads a new session and with it a new autogroup).
 */
export class Processes {
  readonly #children = new Set<ChildProcess>();
  /** null: nothing tried; false: some child could not be raised (needs root or CAP_SYS_NICE). */
  priorityRaised: boolean | null = null;

  constructor(private readonly opts: { cwd: string; resultsDir: string; priority: number | null }) {}

  get priority(): number | null {
    return this.opts.priority;
  }

  /** Kills every child on exit and on SIGINT/SIGTERM; `cleanup` runs on exit too. */
  installExitHooks(cleanup: () => void = () => undefined): void {
    process.on('exit', () => {
      this.killAll();
      cleanup();
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        this.killAll();
        process.exit(130);
      });
    }
  }

  killAll(): void {
    for (const child of this.#children) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      try {
        process.kill(child.pid, 'SIGCONT');
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  /** Spawns `argv`, under taskset when `pinTo` is a CPU, tracked until it exits. */
  spawn(
    argv: string[],
    pinTo: string | null,
    opts: { env?: NodeJS.ProcessEnv; stdio: 'pipe' | [number, number] },
  ): ChildProcess {
    const [command, ...args] = pinTo ? ['taskset', '-c', pinTo, ...argv] : argv;
    const child = spawn(command!, args, {
      cwd: this.opts.cwd,
      env: opts.env ?? process.env,
      stdio: opts.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : ['ignore', ...opts.stdio],
      detached: this.opts.priority !== null,
    });
    this.#raisePriority(child);
    this.#children.add(child);
    child.on('exit', () => this.#children.delete(child));
    return child;
  }

  /** A server with stdout/stderr going to files under the results directory. */
  spawnServer(
    name: string,
    argv: string[],
    env: NodeJS.ProcessEnv,
    port: number,
    path: string,
    pinTo: string | null,
  ): Server {
    const stderrFile = join(this.opts.resultsDir, `${name}.stderr.log`);
    const stdoutFd = openSync(join(this.opts.resultsDir, `${name}.stdout.log`), 'w');
    const stderrFd = openSync(stderrFile, 'w');
    const child = this.spawn(argv, pinTo, { env, stdio: [stdoutFd, stderrFd] });
    closeSync(stdoutFd);
    closeSync(stderrFd);
    return { name, child, port, path, stderrFile };
  }

  #raisePriority(child: ChildProcess): void {
    const priority = this.opts.priority;
    if (priority === null || child.pid === undefined) return;
    let ok = true;
    try {
      setPriority(child.pid, priority);
    } catch {
      ok = false;
    }
    try {
      if (existsSync(`/proc/${child.pid}/autogroup`))
        writeFileSync(`/proc/${child.pid}/autogroup`, String(priority));
    } catch {
      ok = false;
    }
    this.priorityRaised = (this.priorityRaised ?? true) && ok;
  }
}

/** Polls the server's path every 5 ms until it answers 200; resolves ms since `since`, or null. */
export async function waitReady(server: Server, since: number, timeoutMs = 60_000): Promise<number | null> {
  while (performance.now() - since < timeoutMs) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return null;
    if ((await get(server.port, server.path)) === 200) return performance.now() - since;
    await sleep(5);
  }
  return null;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the server has exited. */
export async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
