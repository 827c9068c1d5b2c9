import { ConfigError, loadConfig } from '../config/config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { systemClock } from '../lib/clock.js';
import { systemActor } from '../lib/context.js';
import { createLogger } from '../lib/logger.js';
import { loadSampleData, removeSampleData, sampleDataStatus } from '../modules/system/index.js';

/**
 * `npm run seed:demo` loads the sample data into the configured database; `-- --remove` takes it
 * out again. Calls services, never SQL.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    await migrateToLatest(database.db);
    const ctx = { db: database.db, kind: database.kind, clock: systemClock, config, logger };
    const actor = { ...systemActor, label: 'npm run seed:demo' };
    if (process.argv.includes('--remove')) {
      const removed = await removeSampleData(ctx, actor);
      process.stdout.write(`Removed ${removed} sample rows from ${database.describe}.\n`);
    } else {
      await loadSampleData(ctx, actor);
      const status = await sampleDataStatus(ctx);
      process.stdout.write(
        `Sample data loaded into ${database.describe}: ${Object.entries(status.counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(
            ', ',
          )}. Every sample row is marked "Sample"; remove it with npm run seed:demo -- --remove or from the home page.\n`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `seed:demo: ${err instanceof ConfigError ? 'configuration error: ' : ''}${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
