import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, test } from 'node:test';
import { enqueueIncidentWebhooks, type WebhookEvent } from '../../src/modules/oncall/notifications/index.js';
import { assertApiError } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { startHttpListener, type HttpListener, type ReceivedRequest } from '../helpers/http-listener.js';
import { startNotifyApi, type NotifyApi } from '../helpers/notifications.js';
import { as } from '../helpers/server.js';

/**
 * Outgoing webhook subscriptions: admin-only CRUD with the secret shown once and sealed at rest,
 * fan-out by service and event, the signature a receiver verifies, retries with the same
 * idempotency key, a disabled subscription skipping, the test ping, and bad input.
 */
interface Created {
  id: string;
  secret: string;
  url: string;
  serviceId: string | null;
  events: string[];
  enabled: boolean;
}

/** As a receiver would check it (docs/oncall.md "Outgoing webhooks"). */
function verify(req: ReceivedRequest, secret: string): boolean {
  const ts = String(req.headers['x-keel-timestamp']);
  const sent = String(req.headers['x-keel-signature']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')}`;
  return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

describeEachDialect('webhook subscriptions', (kind) => {
  let api: NotifyApi;
  let listener: HttpListener;
  before(async () => {
    api = await startNotifyApi(kind);
    listener = await startHttpListener();
  });
  after(async () => {
    await listener.close();
    await api.close();
  });

  const create = async (body: Record<string, unknown>): Promise<Created> => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/webhook-subscriptions',
      headers: as(api.owner),
      payload: body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<Created>();
  };
  const fire = (incidentId: string, event: WebhookEvent, serviceId: string | null) =>
    api.db
      .transaction()
      .execute((trx) =>
        enqueueIncidentWebhooks(trx, api.clock.now(), { incidentId, event, serviceId, at: api.clock.now() }),
      );
  const service = async (name: string) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/services',
      headers: as(api.owner),
      payload: { name },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ id: string }>().id;
  };

  test('the secret is shown once and sealed; deliveries are signed and verify; fan-out by service and event', async () => {
    const checkout = await service('checkout');
    const billing = await service('billing');
    const global = await create({
      url: `${listener.url}/global`,
      events: ['incident.acknowledged', 'incident.resolved'],
    });
    const own = await create({
      url: `${listener.url}/own`,
      serviceId: checkout,
      events: ['incident.acknowledged'],
    });
    await create({ url: `${listener.url}/other`, serviceId: billing, events: ['incident.acknowledged'] });
    await create({ url: `${listener.url}/triggers`, events: ['incident.triggered'] });
    assert.match(global.secret, /^whsec_/);

    const list = await api.app.inject({
      method: 'GET',
      url: '/api/v1/webhook-subscriptions',
      headers: as(api.owner),
    });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(global.secret), 'never shown again');
    const raw = JSON.stringify(await api.db.selectFrom('webhook_subscriptions').selectAll().execute());
    const audit = JSON.stringify(await api.db.selectFrom('audit_log').selectAll().execute());
    assert.ok(!raw.includes(global.secret) && !audit.includes(global.secret), 'sealed at rest, not audited');

    const incident = await api.openIncident({ serviceId: checkout });
    await fire(incident.id, 'incident.acknowledged', checkout);
    await api.runJobs();
    const got = (path: string) => listener.requests.filter((r) => r.url === path);
    assert.equal(got('/global').length, 1);
    assert.equal(got('/own').length, 1);
    assert.equal(got('/other').length, 0, 'another service');
    assert.equal(got('/triggers').length, 0, 'another event');

    const req = got('/global')[0]!;
    assert.equal(verify(req, global.secret), true, 'the signature verifies');
    assert.equal(verify(req, own.secret), false);
    assert.equal(verify(got('/own')[0]!, own.secret), true);
    assert.equal(req.headers['x-keel-event'], 'incident.acknowledged');
    assert.equal(req.headers['x-keel-idempotency-key'], req.headers['x-keel-delivery']);
    assert.equal(req.headers['idempotency-key'], req.headers['x-keel-delivery']);
    const body = JSON.parse(req.body) as {
      version: number;
      id: string;
      event: string;
      incident: { id: string; number: number; url: string; service: { name: string } };
    };
    assert.equal(body.version, 1);
    assert.equal(body.id, req.headers['x-keel-delivery']);
    assert.equal(body.event, 'incident.acknowledged');
    assert.equal(body.incident.number, incident.number);
    assert.equal(body.incident.url, `http://keel.test/incidents/${incident.id}`);
    assert.equal(body.incident.service.name, 'checkout');

    // The same event again (a repeated job): nothing new.
    await fire(incident.id, 'incident.acknowledged', checkout);
    await api.runJobs();
    assert.equal(got('/global').length, 1);
  });

  test('retried with backoff, the same body and idempotency key on every attempt; disabled skips', async () => {
    let calls = 0;
    listener.reply((req) =>
      req.url === '/flaky' && ++calls <= 3 ? { status: 500, body: 'no' } : { status: 200, body: 'ok' },
    );
    const sub = await create({ url: `${listener.url}/flaky`, events: ['incident.resolved'] });
    const incident = await api.openIncident();
    await fire(incident.id, 'incident.resolved', null);
    await api.runJobs();
    for (let i = 0; i < 10 && calls < 4; i++) await api.advance(3_600_000);
    const got = listener.requests.filter((r) => r.url === '/flaky');
    assert.equal(got.length, 4);
    assert.equal(new Set(got.map((r) => r.headers['x-keel-idempotency-key'])).size, 1);
    assert.equal(new Set(got.map((r) => r.body)).size, 1, 'the same bytes');
    assert.ok(
      got.every((r) => verify(r, sub.secret)),
      'each attempt signed with its own timestamp',
    );
    const d = await api.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', sub.id)
      .executeTakeFirstOrThrow();
    assert.equal(d.status, 'sent');
    assert.equal(d.attempts, 4);
    const attempts = await api.db
      .selectFrom('delivery_attempts')
      .select('status_code')
      .where('delivery_id', '=', d.id)
      .orderBy('attempt')
      .execute();
    assert.deepEqual(
      attempts.map((a) => a.status_code),
      [500, 500, 500, 200],
    );

    const log = await api.app.inject({
      method: 'GET',
      url: `/api/v1/webhook-subscriptions/${sub.id}/deliveries`,
      headers: as(api.owner),
    });
    assert.equal(log.statusCode, 200, log.body);
    const [entry] = log.json<{ items: { status: string; attemptLog: { statusCode: number }[] }[] }>().items;
    assert.equal(entry!.status, 'sent');
    assert.deepEqual(
      entry!.attemptLog.map((a) => a.statusCode),
      [500, 500, 500, 200],
    );
    assert.ok(!log.body.includes(sub.secret));

    // Disabled before a pending delivery runs: skipped, nothing sent.
    const off = await create({ url: `${listener.url}/off`, events: ['incident.resolved'] });
    const other = await api.openIncident();
    await fire(other.id, 'incident.resolved', null);
    const patch = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhook-subscriptions/${off.id}`,
      headers: as(api.owner),
      payload: { enabled: false },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(patch.json<{ enabled: boolean }>().enabled, false);
    await api.runJobs();
    assert.equal(listener.requests.filter((r) => r.url === '/off').length, 0);
    const skipped = await api.db
      .selectFrom('webhook_deliveries')
      .select('status')
      .where('subscription_id', '=', off.id)
      .executeTakeFirstOrThrow();
    assert.equal(skipped.status, 'skipped');
  });

  test('test ping: sent now, signed, answered; delete', async () => {
    listener.reply({ status: 200, body: 'ok' });
    const sub = await create({ url: `${listener.url}/ping`, events: ['incident.triggered'] });
    const res = await api.app.inject({
      method: 'POST',
      url: `/api/v1/webhook-subscriptions/${sub.id}/test`,
      headers: as(api.owner),
    });
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json<{ delivery: { ok: boolean; status: number }; deliveryId: string }>();
    assert.deepEqual([out.delivery.ok, out.delivery.status], [true, 200]);
    const req = listener.requests.filter((r) => r.url === '/ping')[0]!;
    assert.equal(req.headers['x-keel-event'], 'ping');
    assert.ok(verify(req, sub.secret));
    const del = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/webhook-subscriptions/${sub.id}`,
      headers: as(api.owner),
    });
    assert.equal(del.statusCode, 204);
    assertApiError(
      await api.app.inject({
        method: 'GET',
        url: `/api/v1/webhook-subscriptions/${sub.id}`,
        headers: as(api.owner),
      }),
      404,
      'not_found',
    );
  });

  test('bad input and access: link-local URLs, bad URLs, unknown events and services; admins only', async () => {
    const post = (payload: Record<string, unknown>) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        headers: as(api.owner),
        payload,
      });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/x',
      'ftp://example.com/x',
      'not a url',
    ]) {
      const e = assertApiError(await post({ url, events: ['incident.resolved'] }), 400, 'validation_failed');
      assert.match(e.message, /url/, url);
    }
    assertApiError(await post({ url: `${listener.url}/x`, events: [] }), 400, 'validation_failed');
    assertApiError(
      await post({ url: `${listener.url}/x`, events: ['incident.exploded'] }),
      400,
      'validation_failed',
    );
    assertApiError(
      await post({ url: `${listener.url}/x`, events: ['incident.resolved'], serviceId: 'nope' }),
      400,
      'validation_failed',
    );
    const responder = await api.person();
    assertApiError(
      await api.app.inject({ method: 'GET', url: '/api/v1/webhook-subscriptions', headers: as(responder) }),
      403,
      'forbidden',
    );
    assertApiError(
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        headers: as(responder),
        payload: { url: `${listener.url}/x`, events: ['incident.resolved'] },
      }),
      403,
      'forbidden',
    );
  });
});
