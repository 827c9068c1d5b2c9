import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('defaults: SQLite in ./data, 127.0.0.1:8080, frozen', () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, 'sqlite:./data/keel.db');
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(c.admin, null);
  assert.equal(c.secureCookies, false);
  assert.ok(Object.isFrozen(c));
  assert.throws(() => {
    (c as { port: number }).port = 1;
  }, TypeError);
});

test('reads every documented variable', () => {
  const c = loadConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgres://keel@db:5432/keel',
    KEEL_ADMIN_EMAIL: 'Root@Example.com',
    KEEL_ADMIN_PASSWORD: 'a long enough secret',
    LOG_LEVEL: 'debug',
    KEEL_PUBLIC_URL: 'https://keel.example.com/',
    KEEL_SMTP_URL: 'smtp://mail:25',
  });
  assert.equal(c.port, 9000);
  assert.equal(c.databaseUrl, 'postgres://keel@db:5432/keel');
  assert.deepEqual(c.admin, { email: 'root@example.com', password: 'a long enough secret' });
  assert.equal(c.publicUrl, 'https://keel.example.com');
  assert.equal(c.secureCookies, true, 'https public URL → Secure cookies');
  assert.equal(c.smtpUrl, 'smtp://mail:25');
});

test('a bad value fails with one line naming the variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ KEEL_ADMIN_EMAIL: 'not-an-email', KEEL_ADMIN_PASSWORD: 'long enough pw' }, 'KEEL_ADMIN_EMAIL'],
    [{ KEEL_ADMIN_EMAIL: 'a@b.co' }, 'KEEL_ADMIN_PASSWORD'],
    [{ KEEL_PUBLIC_URL: 'not a url' }, 'KEEL_PUBLIC_URL'],
  ];
  for (const [env, name] of cases) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) =>
        err instanceof ConfigError && err.message.startsWith(`${name}:`) && !err.message.includes('\n'),
      `${JSON.stringify(env)} should name ${name}`,
    );
  }
});

test('an optional JSON file, overridden by the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-config-'));
  const file = join(dir, 'keel.json');
  writeFileSync(file, JSON.stringify({ PORT: 7000, LOG_LEVEL: 'warn' }));
  const c = loadConfig({ KEEL_CONFIG_FILE: file, LOG_LEVEL: 'error' });
  assert.equal(c.port, 7000);
  assert.equal(c.logLevel, 'error');
  writeFileSync(file, '{nope');
  assert.throws(() => loadConfig({ KEEL_CONFIG_FILE: file }), /KEEL_CONFIG_FILE: .* not valid JSON/);
  assert.throws(
    () => loadConfig({ KEEL_CONFIG_FILE: join(dir, 'missing.json') }),
    /KEEL_CONFIG_FILE: cannot read/,
  );
});

test('the server stops before start-up with one clear line', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
    env: { ...process.env, PORT: 'abc', DATABASE_URL: 'sqlite::memory:' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 78);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^keel: configuration error: PORT: /);
});
