import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

/** The real entry point as a child process: start-up, first owner from the environment, restart, graceful stop. */
const dir = mkdtempSync(join(tmpdir(), 'keel-process-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stderr: () => string;
}

async function startServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', KEEL_LOG_FILE: join(dir, 'keel.log'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('server did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, exited, stderr: () => stderr };
}

const dbUrl = `sqlite:${join(dir, 'keel.db')}`;
const admin = { KEEL_ADMIN_EMAIL: 'root@example.com', KEEL_ADMIN_PASSWORD: 'a very long secret' };

test('creates the first owner from KEEL_ADMIN_*, and its data survives a restart', async () => {
  const first = await startServer({ DATABASE_URL: dbUrl, ...admin });
  const setup = (await (await fetch(`${first.url}/api/v1/setup`)).json()) as { needsSetup: boolean };
  assert.equal(setup.needsSetup, false);
  const ready = await fetch(`${first.url}/readyz`);
  assert.equal(ready.status, 200);
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, first.stderr());

  // Second start without the variables: the owner is still there and can sign in.
  const second = await startServer({ DATABASE_URL: dbUrl });
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
  const server = await startServer({ DATABASE_URL: dbUrl });
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
