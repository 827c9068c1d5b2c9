import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServerProcess } from '../helpers/process.js';

/** The real entry point as a child process: start-up, first owner from the environment, restart, graceful stop. */
const dir = mkdtempSync(join(tmpdir(), 'keel-process-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const dbUrl = `sqlite:${join(dir, 'keel.db')}`;
const admin = { KEEL_ADMIN_EMAIL: 'root@example.com', KEEL_ADMIN_PASSWORD: 'a very long secret' };

test('creates the first owner from KEEL_ADMIN_*, and its data survives a restart', async () => {
  const first = await startServerProcess({
    KEEL_LOG_FILE: join(dir, 'keel.log'),
    DATABASE_URL: dbUrl,
    ...admin,
  });
  const setup = (await (await fetch(`${first.url}/api/v1/setup`)).json()) as { needsSetup: boolean };
  assert.equal(setup.needsSetup, false);
  const ready = await fetch(`${first.url}/readyz`);
  assert.equal(ready.status, 200);
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, first.stderr());

  // Second start without the variables: the owner is still there and can sign in.
  const second = await startServerProcess({ KEEL_LOG_FILE: join(dir, 'keel.log'), DATABASE_URL: dbUrl });
  const res = await fetch(`${second.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.KEEL_ADMIN_EMAIL, password: admin.KEEL_ADMIN_PASSWORD }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('set-cookie') ?? '', /keel_session=.*HttpOnly.*SameSite=Lax/i);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.stderr());
});

test('SIGTERM finishes requests in flight, then closes the database and exits 0', async () => {
  const server = await startServerProcess({ KEEL_LOG_FILE: join(dir, 'keel.log'), DATABASE_URL: dbUrl });
  // Requests whose headers have arrived but whose bodies are still coming are in flight: the
  // server must wait for them and answer, not drop them.
  const port = Number(new URL(server.url).port);
  const body = JSON.stringify({ email: admin.KEEL_ADMIN_EMAIL, password: 'wrong password here' });
  const requests = Array.from({ length: 3 }, () =>
    request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }),
  );
  const answers = requests.map(
    (req) =>
      new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      }),
  );
  for (const req of requests) {
    req.flushHeaders();
    req.write(body.slice(0, 10));
  }
  await new Promise((r) => setTimeout(r, 500));
  server.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  for (const req of requests) req.end(body.slice(10));
  assert.deepEqual(await Promise.all(answers), [401, 401, 401]);
  assert.equal(await server.exited, 0, server.stderr());
  await assert.rejects(fetch(`${server.url}/healthz`), 'no longer listening');
  const log = readFileSync(join(dir, 'keel.log'), 'utf8');
  assert.match(log, /"signal":"SIGTERM","msg":"stopping"/);
  assert.match(log, /"msg":"stopped"/, 'the last line is flushed before exit');
});
