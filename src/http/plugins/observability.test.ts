import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { Metrics } from '../../lib/metrics.js';
import { registerErrorHandling } from './errors.js';
import { registerObservability } from './observability.js';

/** A bare app with Keel's observability and error handling, logging into an array. */
async function appWithLog(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  const metrics = new Metrics();
  registerErrorHandling(app);
  registerObservability(app, metrics);
  app.get('/probe', { config: { quiet: true } }, () => ({ status: 'ok' }));
  app.get('/probe-fails', { config: { quiet: true } }, () => {
    throw new Error('boom');
  });
  app.get('/api/thing', () => ({ thing: 1 }));
  app.post('/api/ingest/:key', () => ({ accepted: true }));
  app.post('/machine/:outcome', { config: { machineTraffic: true } }, (request, reply) =>
    reply.code((request.params as { outcome: string }).outcome === 'bad' ? 400 : 202).send({}),
  );
  await app.ready();
  return { app, lines, metrics };
}

test('a quiet route answers with a request id, is counted, and writes no log line', async () => {
  const { app, lines, metrics } = await appWithLog();
  const res = await app.inject({ url: '/probe', headers: { 'x-request-id': 'probe-1' } });
  assert.equal(res.statusCode, 200);
  assert.ok(res.headers['x-request-id']);
  assert.deepEqual(lines, []);
  const text = await metrics.registry.metrics();
  assert.match(text, /keel_http_requests_total\{method="GET",route="\/probe",status="200"\} 1/);
  await app.close();
});

test('a quiet route that fails still logs the error with its request id', async () => {
  const { app, lines } = await appWithLog();
  const res = await app.inject({ url: '/probe-fails' });
  assert.equal(res.statusCode, 500);
  const failed = lines.find((l) => l.msg === 'request failed');
  assert.ok(failed, 'the 5xx is logged');
  assert.equal(failed.reqId, res.headers['x-request-id']);
  assert.equal((failed.err as { message: string }).message, 'boom');
  await app.close();
});

test('other routes log one request line with the request id', async () => {
  const { app, lines } = await appWithLog();
  const res = await app.inject({ url: '/api/thing' });
  assert.equal(res.statusCode, 200);
  const line = lines.find((l) => l.msg === 'request');
  assert.ok(line);
  assert.equal(line.reqId, res.headers['x-request-id']);
  assert.equal(line.route, '/api/thing');
  assert.equal(line.status, 200);
  await app.close();
});

test('a URL carrying a credential (an integration key, a token) is logged by its route pattern', async () => {
  const { app, lines } = await appWithLog();
  const res = await app.inject({
    method: 'POST',
    url: '/api/ingest/s3cr3t-integration-key?x=1',
    payload: {},
  });
  assert.equal(res.statusCode, 200);
  const line = lines.find((l) => l.msg === 'request');
  assert.equal(line?.url, '/api/ingest/:key');
  assert.ok(!JSON.stringify(lines).includes('s3cr3t'), 'the key is in no log line');
  await app.close();
});

test('machine traffic (ingest, heartbeats): a success is logged at debug, a refusal at info', async () => {
  const { app, lines, metrics } = await appWithLog();
  assert.equal((await app.inject({ method: 'POST', url: '/machine/ok' })).statusCode, 202);
  const refused = await app.inject({ method: 'POST', url: '/machine/bad' });
  assert.equal(refused.statusCode, 400);
  assert.deepEqual(
    lines.filter((l) => l.msg === 'request').map((l) => [l.route, l.status, l.reqId]),
    [['/machine/:outcome', 400, refused.headers['x-request-id']]],
  );
  assert.match(await metrics.registry.metrics(), /route="\/machine\/:outcome",status="202"/);
  await app.close();

  const debug = await appWithLog('debug');
  await debug.app.inject({ method: 'POST', url: '/machine/ok' });
  const line = debug.lines.find((l) => l.msg === 'request');
  assert.equal(line?.level, 20);
  assert.equal(line?.status, 202);
  await debug.app.close();
});
