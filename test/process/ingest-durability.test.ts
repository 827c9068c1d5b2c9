import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { startServerProcess } from '../helpers/process.js';

/**
 * Durability of ingest: SIGKILL the process in the middle of a stream of events; after a restart,
 * every event that got a 2xx is in the database and no alert was opened twice.
 */
const dir = mkdtempSync(join(tmpdir(), 'keel-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dbUrl = `sqlite:${join(dir, 'keel.db')}`;
const admin = { KEEL_ADMIN_EMAIL: 'root@example.com', KEEL_ADMIN_PASSWORD: 'a very long secret' };

test('every acknowledged event survives SIGKILL, and no alert is opened twice', async () => {
  const env = { DATABASE_URL: dbUrl, KEEL_LOG_FILE: join(dir, 'keel.log'), ...admin };
  const first = await startServerProcess(env);
  const login = await fetch(`${first.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.KEEL_ADMIN_EMAIL, password: admin.KEEL_ADMIN_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  const svc = (await (
    await fetch(`${first.url}/api/v1/services`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Durable' }),
    })
  ).json()) as { id: string };
  const integration = (await (
    await fetch(`${first.url}/api/v1/services/${svc.id}/integrations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'keel', name: 'stream' }),
    })
  ).json()) as { url: string };
  const ingestUrl = integration.url.replace('http://127.0.0.1:' + new URL(integration.url).port, first.url);

  // 8 concurrent senders; keys repeat (k0..k49) so dedup is exercised while the process dies.
  const acknowledged: string[] = [];
  let sent = 0;
  let stop = false;
  const sender = async (lane: number) => {
    for (let i = 0; !stop; i++) {
      const id = `${lane}-${i}`;
      const dedupKey = `k${(lane * 7 + i) % 50}`;
      sent++;
      try {
        const res = await fetch(ingestUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            action: 'trigger',
            dedupKey,
            summary: `event ${id}`,
            severity: 'error',
            details: { id },
          }),
        });
        if (res.status === 202) acknowledged.push(id);
      } catch {
        return; // the process is gone
      }
    }
  };
  const lanes = Array.from({ length: 8 }, (_, lane) => sender(lane));
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 10));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(lanes);
  await first.exited;
  assert.ok(acknowledged.length >= 300 && sent > acknowledged.length - 1);

  // Restart on the same file: Keel opens it (recovering the WAL) and keeps serving.
  const second = await startServerProcess(env);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.stderr());

  const database = openDatabase(dbUrl);
  await migrateToLatest(database.db);
  const stored = await database.db.selectFrom('alert_events').select('payload').execute();
  const storedIds = new Set(
    stored.map((r) => (JSON.parse(r.payload) as { details: { id: string } }).details.id),
  );
  const lost = acknowledged.filter((id) => !storedIds.has(id));
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged events are missing`);
  const open = await database.db
    .selectFrom('alerts')
    .select(['dedup_key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '<>', 'resolved')
    .groupBy('dedup_key')
    .execute();
  assert.ok(open.length <= 50);
  assert.ok(
    open.every((r) => Number(r.n) === 1),
    'one open alert per key',
  );
  const incidents = await database.db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(incidents.n), open.length, 'one incident per alert (default grouping)');
  await database.close();
});
