import { ConfigError, loadConfig } from '../config/config.js';
import { startKeel } from './bootstrap.js';

/**
 * The entry point: read configuration, start Keel, listen, and stop gracefully on SIGTERM/SIGINT
 * (stop taking requests, finish work in flight, close the database).
 */
async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`keel: configuration error: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const keel = await startKeel(config);
  await keel.app.listen({ port: config.port, host: config.host });
  const address = keel.app.server.address();
  const url =
    address && typeof address === 'object'
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : config.publicUrl;
  keel.logger.info(
    { url, database: keel.database.describe, ms: Math.round(performance.now() - started) },
    'keel is ready',
  );
  if (!config.logFile) process.stderr.write(`Keel is ready on ${url} (${keel.database.describe})\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    keel.logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    // Logs go through an async buffer: flush it before exiting so the last lines are kept.
    const exit = (code: number) => keel.logger.flush(() => process.exit(code));
    keel.close().then(
      () => {
        keel.logger.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        keel.logger.error({ err }, 'error while stopping');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`keel: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
