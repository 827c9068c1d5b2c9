import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeEachDialect, postgresUnavailable } from '../helpers/db.js';
import { as, login, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';
import { dataOf, openStream, type SseClient, type SseFrame } from '../helpers/sse.js';

interface IncidentChanged {
  incidentId: string;
  number: number;
  status: string;
}
interface AlertChanged {
  alertId: string;
  serviceId: string;
  status: string;
}

const is =
  (event: string, fields: Record<string, unknown> = {}) =>
  (f: SseFrame): boolean => {
    if (f.event !== event) return false;
    const data = JSON.parse(f.data) as Record<string, unknown>;
    return Object.entries(fields).every(([k, v]) => data[k] === v);
  };

/** A service with a Keel integration; returns the ingest URL path. */
async function ingestPath(server: TestServer, owner: Session, name: string): Promise<string> {
  const service = await server.app.inject({
    method: 'POST',
    url: '/api/v1/services',
    headers: as(owner),
    payload: { name },
  });
  assert.equal(service.statusCode, 201, service.body);
  const integration = await server.app.inject({
    method: 'POST',
    url: `/api/v1/services/${service.json<{ id: string }>().id}/integrations`,
    headers: as(owner),
    payload: { type: 'keel', name: 'events' },
  });
  assert.equal(integration.statusCode, 201, integration.body);
  return `/api/v1/ingest/${integration.json<{ key: string }>().key}`;
}

async function trigger(server: TestServer, path: string, dedupKey: string): Promise<void> {
  const res = await server.app.inject({
    method: 'POST',
    url: path,
    payload: { action: 'trigger', dedupKey, summary: `Broken: ${dedupKey}`, severity: 'critical' },
  });
  assert.equal(res.statusCode, 202, res.body);
}

describeEachDialect('live stream', (kind) => {
  let server: TestServer;
  let owner: Session;
  let ingest = '';
  const open: SseClient[] = [];
  const stream = async (headers: Record<string, string>) => {
    const client = await openStream(`${server.url}/api/v1/stream`, headers);
    open.push(client);
    return client;
  };

  before(async () => {
    server = await startTestServer({ kind, listen: true, env: { KEEL_STREAMS_PER_USER: '2' } });
    owner = await setupOwner(server.app);
    ingest = await ingestPath(server, owner, 'Checkout');
  });
  after(async () => {
    for (const c of open) c.close();
    await server.close();
  });

  test('an ingested event arrives as alert.changed and incident.changed; an acknowledgement follows', async () => {
    const s = await stream({ cookie: owner.cookie });
    assert.equal(s.status, 200);
    assert.match(String(s.headers['content-type']), /^text\/event-stream/);
    assert.equal(s.headers['cache-control'], 'no-store');
    assert.ok(s.headers['x-request-id'], 'the usual headers are kept');
    assert.equal(s.headers['x-content-type-options'], 'nosniff');

    await trigger(server, ingest, 'cpu');
    const alert = dataOf<AlertChanged>([await s.next(is('alert.changed'))], 'alert.changed')[0]!;
    assert.equal(alert.status, 'triggered');
    const incident = dataOf<IncidentChanged>([await s.next(is('incident.changed'))], 'incident.changed')[0]!;
    assert.deepEqual(Object.keys(incident).sort(), ['incidentId', 'number', 'status']);
    assert.equal(incident.status, 'triggered');
    assert.equal(s.retry, 3000, 'a retry hint comes first');

    const ack = await server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.incidentId}/acknowledge`,
      headers: as(owner),
    });
    assert.equal(ack.statusCode, 200, ack.body);
    await s.next(is('incident.changed', { incidentId: incident.incidentId, status: 'acknowledged' }));
    // Editing a field keeps the status in the event.
    const edit = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${incident.incidentId}`,
      headers: as(owner),
      payload: { title: 'CPU pegged' },
    });
    assert.equal(edit.statusCode, 200, edit.body);
    const changes = dataOf<IncidentChanged>(s.frames, 'incident.changed');
    await s.next(() => dataOf(s.frames, 'incident.changed').length > changes.length);
    assert.equal(dataOf<IncidentChanged>(s.frames, 'incident.changed').at(-1)!.status, 'acknowledged');
  });

  test('an API key needs the read scope; no credentials, no stream', async () => {
    const anonymous = await stream({});
    assert.equal(anonymous.status, 401);
    assert.match(await anonymous.body(), /"code":"unauthenticated"/);

    const makeKey = async (scopes: string[]) => {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: as(owner),
        payload: { name: `k-${scopes.join('-')}`, scopes },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ key: string }>().key;
    };
    const writeOnly = await stream({ authorization: `Bearer ${await makeKey(['write'])}` });
    assert.equal(writeOnly.status, 403);
    assert.match(await writeOnly.body(), /"code":"insufficient_scope"/);

    const reader = await stream({ authorization: `Bearer ${await makeKey(['read'])}` });
    assert.equal(reader.status, 200);
    await trigger(server, ingest, 'disk');
    await reader.next(is('alert.changed', { status: 'triggered' }));
    reader.close();
    await reader.ended;
  });

  test('a user holds at most KEEL_STREAMS_PER_USER streams; closing one frees its place', async () => {
    for (const c of open.splice(0)) c.close();
    const responder = await inviteAndSignIn(server, owner);
    const a = await stream({ cookie: responder.cookie });
    const b = await stream({ cookie: responder.cookie });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const c = await stream({ cookie: responder.cookie });
    assert.equal(c.status, 429);
    assert.equal(c.headers['retry-after'], '30');
    assert.match(await c.body(), /"code":"rate_limited"/);
    // Another user is not counted against this one.
    const other = await stream({ cookie: owner.cookie });
    assert.equal(other.status, 200);

    a.close();
    await a.ended;
    let d: SseClient | null = null;
    for (let i = 0; i < 50 && d?.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      d = await stream({ cookie: responder.cookie });
    }
    assert.equal(d?.status, 200, 'the closed stream no longer counts');
  });
});

async function inviteAndSignIn(server: TestServer, owner: Session): Promise<Session> {
  const password = 'a long enough password';
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: as(owner),
    payload: { email: 'rita@example.com', name: 'Rita Responder', role: 'responder', password },
  });
  assert.equal(res.statusCode, 201, res.body);
  return login(server.app, 'rita@example.com', password);
}

describeEachDialect('live stream and shutdown', (kind) => {
  test('a graceful stop ends open streams instead of waiting for them', { timeout: 20_000 }, async () => {
    const server = await startTestServer({ kind, listen: true });
    const owner = await setupOwner(server.app);
    const streams = await Promise.all(
      [1, 2, 3].map(() => openStream(`${server.url}/api/v1/stream`, { cookie: owner.cookie })),
    );
    for (const s of streams) assert.equal(s.status, 200);
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`);
    await Promise.all(streams.map((s) => s.ended));
  });
});

describe('live stream across nodes [postgres]', { skip: postgresUnavailable ?? false }, () => {
  let a: TestServer;
  let b: TestServer;
  let owner: Session;

  before(async () => {
    a = await startTestServer({ kind: 'postgres', listen: true });
    b = await startTestServer({ kind: 'postgres', listen: true, databaseUrl: a.databaseUrl });
    owner = await setupOwner(a.app);
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  test('a change committed on node A reaches a stream on node B', async () => {
    const onB = await openStream(`${b.url}/api/v1/stream`, { cookie: owner.cookie });
    const onA = await openStream(`${a.url}/api/v1/stream`, { cookie: owner.cookie });
    assert.equal(onB.status, 200);
    const ingest = await ingestPath(a, owner, 'Payments');
    await trigger(a, ingest, 'latency');
    const fromA = await onB.next(is('incident.changed', { status: 'triggered' }));
    await onB.next(is('alert.changed', { status: 'triggered' }));
    // The node that made the change tells its own streams once, from its bus (not again via NOTIFY).
    await onA.next(is('incident.changed', { status: 'triggered' }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(onA.frames.filter(is('incident.changed')).length, 1);

    // And back: B acts, A hears.
    const { incidentId } = JSON.parse(fromA.data) as IncidentChanged;
    const ack = await b.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/acknowledge`,
      headers: as(owner),
    });
    assert.equal(ack.statusCode, 200, ack.body);
    await onA.next(is('incident.changed', { incidentId, status: 'acknowledged' }));
    onA.close();
    onB.close();
  });
});
