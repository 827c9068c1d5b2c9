import { connect } from 'node:net';
import { z } from 'zod';
import { type Checker, down, elapsedMs, errorText, shareSignal } from './checker.js';
import { monitorHost, monitorPort } from './common-schema.js';

/** TCP: up when a connection to host:port opens within the timeout; it is closed at once. */
export const tcpConfig = z.object({ host: monitorHost, port: monitorPort });
export type TcpConfig = z.infer<typeof tcpConfig>;

export const tcpChecker: Checker<'tcp', TcpConfig> = {
  type: 'tcp',
  configSchema: tcpConfig,
  async check(config, ctx) {
    const started = performance.now();
    let target;
    try {
      target = await ctx.targets.resolve(config.host);
    } catch (err) {
      return down(errorText(err), elapsedMs(started));
    }
    return new Promise((resolve) => {
      const socket = connect({ host: target.address, port: config.port, family: target.family });
      let settled = false;
      const finish = (message: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        socket.destroy();
        const latencyMs = elapsedMs(started);
        resolve(
          message === null
            ? { status: 'up', latencyMs, message: `port ${config.port} open` }
            : down(message, latencyMs),
        );
      };
      const timer = setTimeout(
        () => finish(`no connection to port ${config.port} within ${ctx.timeoutMs} ms`),
        ctx.timeoutMs,
      );
      const onAbort = () => finish('check aborted');
      if (ctx.signal.aborted) onAbort();
      else shareSignal(ctx.signal).addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => finish(null));
      socket.once('error', (err: NodeJS.ErrnoException) =>
        finish(
          err.code === 'ECONNREFUSED' ? `port ${config.port} closed (connection refused)` : errorText(err),
        ),
      );
    });
  },
};
