import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { enqueue } from '../../src/jobs/index.js';
import { deliverSpec } from '../../src/modules/oncall/notifications/deliver.spec.js';
import { assertApiError } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { closedPort, startHttpListener, type HttpListener } from '../helpers/http-listener.js';
import { startNotifyApi, type NotifyApi } from '../helpers/notifications.js';
import { as } from '../helpers/server.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

/**
 * The delivery queue with a fake clock against real local listeners: retries with backoff until
 * a receiver that fails three times answers (one success, the same idempotency key on every
 * attempt), mail with HTML and text parts through a real SMTP server, pending pages skipped once
 * the incident is acknowledged, a sent notification never sent again, final failures on the
 * timeline, a dead channel holding up nobody, and the admin delivery log.
 */
const hour = 3_600_000;

describeEachDialect('deliveries', (kind) => {
  let api: NotifyApi;
  let listener: HttpListener;
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startTestSmtp();
    api = await startNotifyApi(kind, { KEEL_SMTP_URL: smtp.url });
    listener = await startHttpListener();
  });
  after(async () => {
    await listener.close();
    await api.close();
    await smtp.close();
  });

  const notificationsOf = (incidentId: string) =>
    api.db.selectFrom('notifications').selectAll().where('incident_id', '=', incidentId).execute();
  const attemptsOf = (id: string) =>
    api.db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('delivery_id', '=', id)
      .orderBy('attempt')
      .execute();
  const timeline = async (incidentId: string) =>
    (
      await api.db
        .selectFrom('incident_timeline')
        .select(['kind', 'body'])
        .where('incident_id', '=', incidentId)
        .where('kind', '=', 'notification')
        .orderBy('at')
        .execute()
    ).map((r) => JSON.parse(r.body) as Record<string, unknown>);

  test('a receiver failing three times gets the page once after retries, same idempotency key every time', async () => {
    const p = await api.person('Wanda Webhook');
    let calls = 0;
    const path = '/flaky';
    listener.reply((req) =>
      req.url === path && ++calls <= 3 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' },
    );
    await api.addMethod(p, 'webhook', { url: `${listener.url}${path}`, secret: 'a-secret-of-sixteen+' });
    const incident = await api.openIncident();
    const planned = await api.notify(incident.id, [p.userId], 'page-flaky');
    assert.deepEqual(planned, [{ userId: p.userId, planned: 1 }]);

    await api.runJobs();
    for (let i = 0; i < 10 && listener.requests.filter((r) => r.url === path).length < 4; i++)
      await api.advance(hour);
    const received = listener.requests.filter((r) => r.url === path);
    assert.equal(received.length, 4, 'three failures, then one success');
    const [n] = await notificationsOf(incident.id);
    assert.ok(n);
    assert.equal(n.status, 'sent');
    assert.equal(n.attempts, 4);
    assert.deepEqual(new Set(received.map((r) => r.headers['idempotency-key'])), new Set([n.id]));
    assert.deepEqual(
      (await attemptsOf(n.id)).map((a) => a.status_code),
      [503, 503, 503, 200],
    );
    const entries = await timeline(incident.id);
    assert.deepEqual(
      entries.map((e) => e.result),
      ['sent'],
    );
    assert.equal(entries[0]!.userName, 'Wanda Webhook');

    // The same page planned again: nothing new. A stray re-run of the job: nothing resent.
    assert.deepEqual(await api.notify(incident.id, [p.userId], 'page-flaky'), [
      { userId: p.userId, planned: 0 },
    ]);
    await enqueue(
      api.db,
      api.clock,
      deliverSpec,
      { notificationId: n.id },
      { idempotencyKey: `stray:${n.id}` },
    );
    await api.runJobs();
    assert.equal(
      listener.requests.filter((r) => r.url === path).length,
      4,
      'a sent notification is never sent again',
    );
  });

  test('e-mail through a real SMTP server: HTML and plain-text parts, the links, the Message-ID', async () => {
    const p = await api.person('Ellie Email');
    await api.addMethod(p, 'email', { address: 'ellie@example.com' });
    const incident = await api.openIncident({ title: 'Mail me about it' });
    await api.notify(incident.id, [p.userId]);
    const before = smtp.messages.length;
    await api.runJobs();
    assert.equal(smtp.messages.length, before + 1);
    const mail = smtp.messages.at(-1)!;
    assert.deepEqual(mail.to, ['ellie@example.com']);
    assert.match(mail.raw, /multipart\/alternative/);
    assert.match(mail.raw, /text\/plain/);
    assert.match(mail.raw, /text\/html/);
    assert.match(mail.decoded, /Mail me about it/);
    assert.match(mail.decoded, new RegExp(`http://keel\\.test/incidents/${incident.id}`));
    assert.match(mail.decoded, /http:\/\/keel\.test\/act\/[\w-]+\.[\w-]+/, 'signed action links');
    const [n] = await notificationsOf(incident.id);
    assert.equal(n!.status, 'sent');
    assert.match(mail.raw, new RegExp(`Message-ID: <${n!.id}@`, 'i'));
  });

  test('an acknowledged incident: a pending delayed notification is skipped, never sent', async () => {
    const p = await api.person();
    const m = await api.addMethod(p, 'webhook', {
      url: `${listener.url}/later`,
      secret: 'a-secret-of-sixteen+',
    });
    const rules = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/users/me/notification-rules',
      headers: as(p),
      payload: { high: [{ contactMethodId: m, delayMinutes: 5 }], low: [] },
    });
    assert.equal(rules.statusCode, 200, rules.body);
    const incident = await api.openIncident();
    await api.notify(incident.id, [p.userId]);
    assert.equal(await api.runJobs(), 0, 'not due yet');
    const ack = await api.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/acknowledge`,
      headers: as(api.owner),
    });
    assert.equal(ack.statusCode, 200, ack.body);
    await api.advance(5 * 60_000);
    const [n] = await notificationsOf(incident.id);
    assert.equal(n!.status, 'skipped');
    assert.equal(listener.requests.filter((r) => r.url === '/later').length, 0);
  });

  test('a final failure is failed at once and visible on the timeline; a dead channel blocks no other', async () => {
    const p = await api.person('Dora Dead');
    const port = await closedPort();
    listener.reply((req) =>
      req.url === '/gone' ? { status: 404, body: 'no such hook' } : { status: 200, body: 'ok' },
    );
    await api.addMethod(p, 'slack', { webhookUrl: `${listener.url}/gone` }, 'gone');
    await api.addMethod(p, 'discord', { webhookUrl: `http://127.0.0.1:${port}/dead` }, 'dead');
    await api.addMethod(p, 'mattermost', { webhookUrl: `${listener.url}/alive` }, 'alive');
    const incident = await api.openIncident();
    assert.deepEqual(await api.notify(incident.id, [p.userId]), [{ userId: p.userId, planned: 3 }]);
    await api.runJobs();
    const byType = new Map((await notificationsOf(incident.id)).map((n) => [n.channel_type, n]));
    assert.equal(byType.get('mattermost')!.status, 'sent', 'the live channel went out at once');
    assert.equal(byType.get('slack')!.status, 'failed', '404 is final');
    assert.equal(byType.get('slack')!.last_status_code, 404);
    assert.equal(byType.get('discord')!.status, 'pending', 'a refused connection is retried');
    assert.equal(byType.get('discord')!.attempts, 1);
    const results = (await timeline(incident.id))
      .map((e) => `${String(e.channel)}:${String(e.result)}`)
      .sort();
    assert.deepEqual(results, ['mattermost:sent', 'slack:failed']);
    // The dead channel runs out of attempts (discord: 8) and fails, visibly.
    for (let i = 0; i < 12; i++) await api.advance(hour);
    const dead = (await notificationsOf(incident.id)).find((n) => n.channel_type === 'discord')!;
    assert.equal(dead.status, 'failed');
    assert.equal(dead.attempts, 8);
    assert.match(dead.last_error ?? '', /ECONNREFUSED|fetch failed/);
  });

  test('a person with no contact method: nobody reached that way, on the timeline', async () => {
    const p = await api.person('Nora Nomethod');
    const incident = await api.openIncident();
    assert.deepEqual(await api.notify(incident.id, [p.userId]), [{ userId: p.userId, planned: 0 }]);
    await api.notify(incident.id, [p.userId], 'page-unreachable');
    await api.notify(incident.id, [p.userId], 'page-unreachable'); // the step again
    const entries = await timeline(incident.id);
    assert.equal(entries.length, 2, 'one entry per page, not per repeat');
    const [entry] = entries;
    assert.equal(entry!.result, 'unreachable');
    assert.match(String(entry!.message), /Nora Nomethod has no contact method/);
  });

  test('default rules: a low-urgency incident goes to e-mail only, a high-urgency one to every method', async () => {
    const p = await api.person();
    await api.addMethod(p, 'email', { address: 'low@example.com' });
    await api.addMethod(p, 'slack', { webhookUrl: `${listener.url}/low-slack` });
    const low = await api.openIncident({ urgency: 'low', severity: 'SEV4' });
    assert.deepEqual(await api.notify(low.id, [p.userId]), [{ userId: p.userId, planned: 1 }]);
    assert.deepEqual(
      (await notificationsOf(low.id)).map((n) => n.channel_type),
      ['email'],
    );
    const high = await api.openIncident();
    assert.deepEqual(await api.notify(high.id, [p.userId]), [{ userId: p.userId, planned: 2 }]);
    assert.deepEqual((await notificationsOf(high.id)).map((n) => n.channel_type).sort(), ['email', 'slack']);
    await api.runJobs();
  });

  test('a disabled account is not paged', async () => {
    const p = await api.person();
    await api.addMethod(p, 'email', { address: 'gone@example.com' });
    await api.db.updateTable('users').set({ disabled: 1 }).where('id', '=', p.userId).execute();
    const incident = await api.openIncident();
    assert.deepEqual(await api.notify(incident.id, [p.userId]), [{ userId: p.userId, planned: 0 }]);
    assert.equal((await notificationsOf(incident.id)).length, 0);
  });

  test('the delivery log: admins only, filters, attempts, cursor paging; per incident', async () => {
    const p = await api.person();
    await api.addMethod(p, 'gotify', { serverUrl: `${listener.url}/g`, appToken: 'GotifyAppSecret55' });
    listener.reply({ status: 200, body: '{}' });
    const incident = await api.openIncident();
    await api.notify(incident.id, [p.userId]);
    await api.runJobs();

    const res = await api.app.inject({
      method: 'GET',
      url: `/api/v1/notifications?incident=${incident.id}`,
      headers: as(api.owner),
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{
      items: { status: string; attemptLog: { statusCode: number; latencyMs: number }[]; target: string }[];
    }>();
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0]!.status, 'sent');
    assert.equal(body.items[0]!.attemptLog[0]!.statusCode, 200);
    assert.ok(!res.body.includes('GotifyAppSecret55'), 'no secret in the log');

    const page1 = await api.app.inject({
      method: 'GET',
      url: '/api/v1/notifications?limit=2',
      headers: as(api.owner),
    });
    const p1 = page1.json<{ items: { id: string }[]; nextCursor: string | null }>();
    assert.equal(p1.items.length, 2);
    assert.ok(p1.nextCursor);
    const page2 = await api.app.inject({
      method: 'GET',
      url: `/api/v1/notifications?limit=2&cursor=${p1.nextCursor}`,
      headers: as(api.owner),
    });
    const p2 = page2.json<{ items: { id: string }[] }>();
    assert.ok(
      p2.items.every((i) => !p1.items.some((j) => j.id === i.id)),
      'pages do not overlap',
    );
    const failed = await api.app.inject({
      method: 'GET',
      url: '/api/v1/notifications?status=failed',
      headers: as(api.owner),
    });
    assert.ok(failed.json<{ items: { status: string }[] }>().items.every((i) => i.status === 'failed'));

    assertApiError(
      await api.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: as(p) }),
      403,
      'forbidden',
    );
    const mine = await api.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${incident.number}/notifications`,
      headers: as(p),
    });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json<{ items: unknown[] }>().items.length, 1);
  });

  test('the delivery log filtered by channel type and by creation time (since inclusive, until exclusive)', async () => {
    const p = await api.person();
    await api.addMethod(p, 'ntfy', { serverUrl: `${listener.url}/n`, topic: 'keelFilterTopic1' });
    await api.addMethod(p, 'mattermost', { webhookUrl: `${listener.url}/hooks/filterkey` });
    listener.reply({ status: 200, body: '{}' });
    const first = await api.openIncident();
    await api.notify(first.id, [p.userId]);
    await api.runJobs();
    const t0 = api.clock.now();
    await api.advance(60 * 60_000);
    const second = await api.openIncident();
    await api.notify(second.id, [p.userId]);
    await api.runJobs();
    const log = async (query: string) => {
      const res = await api.app.inject({
        method: 'GET',
        url: `/api/v1/notifications?user=${p.userId}&${query}`,
        headers: as(api.owner),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: { channelType: string; incidentId: string; createdAt: string }[] }>().items;
    };

    const ntfy = await log('channel=ntfy');
    assert.equal(ntfy.length, 2);
    assert.ok(ntfy.every((n) => n.channelType === 'ntfy'));
    assert.equal((await log('channel=mattermost')).length, 2);
    assert.equal((await log('channel=slack')).length, 0);

    const mid = new Date(t0 + 30 * 60_000).toISOString();
    const later = await log(`since=${encodeURIComponent(mid)}`);
    assert.deepEqual(
      later.map((n) => n.incidentId),
      [second.id, second.id],
    );
    const earlier = await log(`until=${encodeURIComponent(mid)}`);
    assert.ok(earlier.length === 2 && earlier.every((n) => n.incidentId === first.id));
    // Both, with a time-zone offset; and combined with the channel, paged by cursor.
    const from = new Date(t0 - 60_000).toISOString().replace('Z', '+00:00');
    const both = await log(`channel=ntfy&since=${encodeURIComponent(from)}&limit=1`);
    assert.equal(both.length, 1);
    assert.equal(both[0]!.incidentId, second.id);
    // since is inclusive: a notification's own createdAt finds it.
    assert.ok((await log(`since=${encodeURIComponent(both[0]!.createdAt)}&channel=ntfy`)).length >= 1);

    for (const bad of ['channel=pigeon', 'since=yesterday', 'until=2026-13-01T00:00:00Z']) {
      assertApiError(
        await api.app.inject({ method: 'GET', url: `/api/v1/notifications?${bad}`, headers: as(api.owner) }),
        400,
        'validation_failed',
      );
    }
    const backwards = assertApiError(
      await api.app.inject({
        method: 'GET',
        url: `/api/v1/notifications?since=${encodeURIComponent(mid)}&until=${encodeURIComponent(new Date(t0).toISOString())}`,
        headers: as(api.owner),
      }),
      400,
      'validation_failed',
    );
    assert.match(backwards.message, /until/);
  });

  test('bounded: finished deliveries and their attempts are purged 90 days after they finish', async () => {
    const before = await api.db
      .selectFrom('notifications')
      .select('id')
      .where('finished_at', 'is not', null)
      .execute();
    assert.ok(before.length > 0);
    const purge = await api.db
      .selectFrom('jobs')
      .select('run_at')
      .where('name', '=', 'oncall.purge_deliveries')
      .execute();
    assert.ok(purge.length > 0, 'planning a delivery seeds the daily purge');
    await api.advance(89 * 86_400_000);
    assert.equal(
      (await api.db.selectFrom('notifications').select('id').where('finished_at', 'is not', null).execute())
        .length,
      before.length,
      'kept 90 days',
    );
    // Plan again (sessions have expired by now; notifyUsers needs none) to seed a later purge.
    const incident = await api.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow();
    await api.notify(incident.id, [api.owner.userId]);
    await api.advance(2 * 86_400_000);
    const after = await api.db
      .selectFrom('notifications')
      .select('id')
      .where('finished_at', 'is not', null)
      .execute();
    assert.equal(after.length, 0, 'old finished deliveries purged');
    const orphans = await api.db
      .selectFrom('delivery_attempts')
      .select('id')
      .where(
        'delivery_id',
        'in',
        before.map((b) => b.id),
      )
      .execute();
    assert.equal(orphans.length, 0, 'with their attempts');
  });
});
