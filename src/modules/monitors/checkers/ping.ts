import { execFile, type ExecFileException } from 'node:child_process';
import { z } from 'zod';
import { type CheckResult, type Checker, down, elapsedMs, errorText, shareSignal } from './checker.js';
import { monitorHost } from './common-schema.js';

/**
 * ICMP ping through the system's `ping` (iputils or BusyBox; Node has no raw sockets): `count`
 * echo requests to the checked address. All answered: up, latency the average round trip; some
 * lost: degraded; none: down. A missing binary is a clear down result, not a crash.
 */
export const pingConfig = z.object({
  host: monitorHost,
  count: z.number().int().min(1, 'count is 1–10').max(10, 'count is 1–10').default(1),
});
export type PingConfig = z.infer<typeof pingConfig>;

export interface PingSummary {
  sent: number;
  received: number;
  avgMs: number | null;
}

/** Reads "3 packets transmitted, 2 received" and "rtt min/avg/max/mdev = 0.1/0.2/0.3/0.0 ms". */
export function parsePingOutput(output: string): PingSummary | null {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
  if (!counts) return null;
  const rtt = /(?:rtt|round-trip) min\/avg\/max(?:\/[a-z]+)? = [\d.]+\/([\d.]+)\//.exec(output);
  return { sent: Number(counts[1]), received: Number(counts[2]), avgMs: rtt ? Number(rtt[1]) : null };
}

function run(binary: string, args: string[], timeoutMs: number, signal: AbortSignal) {
  return new Promise<{ stdout: string; error: ExecFileException | null }>((resolve) => {
    execFile(
      binary,
      args,
      { timeout: timeoutMs, signal, encoding: 'utf8', windowsHide: true },
      (error, stdout) => resolve({ stdout, error }),
    );
  });
}

/** The checker with a chosen binary (tests use a missing one). */
export function createPingChecker(binary = 'ping'): Checker<'ping', PingConfig> {
  return {
    type: 'ping',
    configSchema: pingConfig,
    async check(config, ctx): Promise<CheckResult> {
      const started = performance.now();
      let target;
      try {
        target = await ctx.targets.resolve(config.host);
      } catch (err) {
        return down(errorText(err), elapsedMs(started));
      }
      const seconds = Math.max(1, Math.ceil(ctx.timeoutMs / 1000));
      const args = ['-n', '-c', String(config.count), '-w', String(seconds), '-W', String(seconds)];
      if (config.count > 1) args.push('-i', '0.2');
      if (target.family === 6) args.unshift('-6');
      args.push(target.address);
      // A margin over ping's own deadline, so ping reports the loss itself when it can.
      const { stdout, error } = await run(binary, args, ctx.timeoutMs + 1000, shareSignal(ctx.signal));
      const elapsed = elapsedMs(started);
      if (error?.code === 'ENOENT') {
        return down(`ping is not installed on this server (${binary} not found; install iputils-ping)`);
      }
      if (ctx.signal.aborted) return down('check aborted', elapsed);
      const summary = parsePingOutput(stdout);
      if (!summary) {
        if (error?.killed) return down(`ping did not finish within ${ctx.timeoutMs} ms`, elapsed);
        return down(
          `ping failed: ${(error ? errorText(error) : stdout).trim().split('\n')[0]?.slice(0, 200)}`,
          elapsed,
        );
      }
      const latencyMs = summary.avgMs === null ? 0 : Math.max(0, Math.round(summary.avgMs));
      if (summary.received === 0) return down(`no reply from ${target.address} (${summary.sent} sent)`, 0);
      if (summary.received < summary.sent) {
        const lost = summary.sent - summary.received;
        return {
          status: 'degraded',
          latencyMs,
          message: `${lost} of ${summary.sent} packets lost, avg ${summary.avgMs} ms`,
        };
      }
      return { status: 'up', latencyMs, message: `reply from ${target.address}, avg ${summary.avgMs} ms` };
    },
  };
}

export const pingChecker = createPingChecker();
