// The ingest write path alone, in one process, without HTTP or the writer thread: IngestWriter
// (group commit) fed by <in-flight> concurrent submitters, one PagerDuty trigger each, 80% on one
// of 1,000 open dedup keys and 20% on a new key (as bench:ingest's load), on a fresh SQLite file;
// CPU per event over <seconds> after a 3 s warm-up. Not a timed test; run by hand, under the lock:
//   flock /tmp/bench.lock node --import tsx bench/ingest-writer-cpu.ts [seconds] [in-flight] [max-batch]
// SQL_TIMES=1 adds the time spent in each SQLite statement; PRAGMAS="a=1;b=2" sets connection
// pragmas first (to compare settings); SETUP_SQL="…;…" runs statements after the migrations (to
// compare schemas: "drop index …"); DB=postgres://… another (empty) database.
// Last JSON line: {"in_flight","max_batch","events_per_s","cpu_us_per_event","user_us","sys_us"}
import { rmSync } from 'node:fs';
import { systemClock } from '../src/lib/clock.js';
import { systemActor } from '../src/lib/context.js';
import { EventBus } from '../src/lib/events.js';
import { benchDatabase, statementTimes } from './lib/write-path.js';
import { formats, type NormalizedEvent } from '../src/modules/alerts/formats/index.js';
import { resolveTarget } from '../src/modules/alerts/ingest.service.js';
import { IngestWriter } from '../src/modules/alerts/ingest-writer.js';
import { createIntegration } from '../src/modules/alerts/integrations.service.js';
import { createIntegrationBody } from '../src/modules/alerts/integrations.schema.js';

const sqlTimes = statementTimes();
const seconds = Number(process.argv[2] ?? 10);
const inFlight = Number(process.argv[3] ?? 64);
const maxBatch = Number(process.argv[4] ?? 32);
const openKeys = 1000;
const { database, dir, logger, ctx, serviceId } = await benchDatabase('ingest-writer');
const integration = await createIntegration(
  ctx,
  systemActor,
  serviceId,
  createIntegrationBody.parse({ type: 'pagerduty', name: 'bench' }),
);
const target = (await resolveTarget(ctx, integration.key))!;
const writer = new IngestWriter(database, systemClock, new EventBus(() => {}), logger, { maxBatch });

let counter = 0;
const event = (dedupKey: string): { events: readonly NormalizedEvent[]; raw: string } => {
  counter++;
  const body = {
    routing_key: integration.key,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: `Bench event ${dedupKey}`,
      source: 'bench-1',
      severity: 'error',
      custom_details: { seq: counter },
    },
  };
  const parsed = formats.pagerduty.parse(
    body,
    { now: Date.now(), newKey: () => 'x', headers: {} },
    { keyInUrl: false },
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return { events: parsed.events, raw: JSON.stringify(body) };
};
for (let i = 0; i < openKeys; i += 50)
  await Promise.all(
    Array.from({ length: 50 }, (_, j) => {
      const e = event(`o-${i + j}`);
      return writer.submit(target, e.events, e.raw);
    }),
  );

let done = 0;
let stop = false;
const submitter = async () => {
  while (!stop) {
    const e = event(Math.random() < 0.2 ? `n-${counter}` : `o-${Math.floor(Math.random() * openKeys)}`);
    await writer.submit(target, e.events, e.raw);
    done++;
    // As a request would: the next one arrives in a later turn of the event loop (without this,
    // the writer's drain never ends and timers never fire).
    await new Promise((r) => setImmediate(r));
  }
};
const submitters = Array.from({ length: inFlight }, submitter);
await new Promise((r) => setTimeout(r, 3000));
sqlTimes.measuring = true;
const c0 = process.cpuUsage();
const d0 = done;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const c = process.cpuUsage(c0);
const events = done - d0;
const secs = (performance.now() - t0) / 1000;
sqlTimes.measuring = false;
stop = true;
await Promise.all(submitters);
console.log(
  JSON.stringify({
    in_flight: inFlight,
    max_batch: maxBatch,
    events_per_s: Math.round(events / secs),
    cpu_us_per_event: Math.round((c.user + c.system) / events),
    user_us: Math.round(c.user / events),
    sys_us: Math.round(c.system / events),
  }),
);
sqlTimes.print();
await database.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
