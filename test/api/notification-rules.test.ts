import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, issuesOf } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { startNotifyApi, type NotifyApi } from '../helpers/notifications.js';
import { as, type Session } from '../helpers/server.js';

/**
 * Notification rules per user and urgency: defaults over the current contact methods (high →
 * every method now, low → e-mail methods now), a user's first method covered at once, stored
 * rules replacing the defaults, validation, and who may change whose rules.
 */
interface Rules {
  high: { id: string; contactMethodId: string; delayMinutes: number }[];
  low: { id: string; contactMethodId: string; delayMinutes: number }[];
  isDefault: boolean;
}

describeEachDialect('notification rules', (kind) => {
  let api: NotifyApi;
  before(async () => {
    api = await startNotifyApi(kind);
  });
  after(() => api.close());

  const get = async (s: Session, user = 'me') => {
    const res = await api.app.inject({
      method: 'GET',
      url: `/api/v1/users/${user}/notification-rules`,
      headers: as(s),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Rules>();
  };
  const put = (s: Session, body: unknown, user = 'me') =>
    api.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${user}/notification-rules`,
      headers: as(s),
      payload: body as object,
    });

  test('defaults: none without contact methods; the first method is covered at once; low urgency → e-mail', async () => {
    const p = await api.person();
    assert.deepEqual(await get(p), { high: [], low: [], isDefault: true });
    const slack = await api.addMethod(p, 'slack', { webhookUrl: 'http://127.0.0.1:9/hook' });
    let rules = await get(p);
    assert.deepEqual(
      rules.high.map((r) => [r.contactMethodId, r.delayMinutes]),
      [[slack, 0]],
    );
    assert.deepEqual(
      rules.low.map((r) => r.contactMethodId),
      [slack],
      'no e-mail method: every method',
    );
    const mail = await api.addMethod(p, 'email', { address: 'p@example.com' });
    rules = await get(p);
    assert.deepEqual(rules.high.map((r) => r.contactMethodId).sort(), [slack, mail].sort());
    assert.deepEqual(
      rules.low.map((r) => r.contactMethodId),
      [mail],
    );
    assert.equal(rules.isDefault, true);
  });

  test('stored rules replace the defaults, ordered by delay; a deleted method drops out of them', async () => {
    const p = await api.person();
    const push = await api.addMethod(p, 'ntfy', { serverUrl: 'http://127.0.0.1:9', topic: 'my-topic' });
    const sms = await api.addMethod(p, 'sms', {
      baseUrl: 'http://127.0.0.1:9',
      accountSid: 'AC0123456789',
      authToken: 'TwilioAuthSecret77',
      from: '+14155550100',
      to: '+14155550199',
    });
    const mail = await api.addMethod(p, 'email', { address: 'q@example.com' });
    const res = await put(p, {
      high: [
        { contactMethodId: sms, delayMinutes: 2 },
        { contactMethodId: push, delayMinutes: 0 },
      ],
      low: [{ contactMethodId: mail, delayMinutes: 0 }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const rules = await get(p);
    assert.equal(rules.isDefault, false);
    assert.deepEqual(
      rules.high.map((r) => [r.contactMethodId, r.delayMinutes]),
      [
        [push, 0],
        [sms, 2],
      ],
    );
    // A fourth method is not added to stored rules.
    await api.addMethod(p, 'email', { address: 'other@example.com' });
    assert.equal((await get(p)).low.length, 1);
    await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/me/contact-methods/${sms}`,
      headers: as(p),
    });
    assert.deepEqual(
      (await get(p)).high.map((r) => r.contactMethodId),
      [push],
    );
    const audit = await api.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'notification_rules.updated')
      .execute();
    assert.ok(audit.length >= 1);
  });

  test("bad input: negative and huge delays, someone else's method, duplicates, wrong shapes", async () => {
    const p = await api.person();
    const other = await api.person();
    const mine = await api.addMethod(p, 'email', { address: 'm@example.com' });
    const theirs = await api.addMethod(other, 'email', { address: 't@example.com' });
    const cases: [unknown, string[]][] = [
      [{ high: [{ contactMethodId: mine, delayMinutes: -1 }], low: [] }, ['high', '0', 'delayMinutes']],
      [{ high: [{ contactMethodId: mine, delayMinutes: 1441 }], low: [] }, ['high', '0', 'delayMinutes']],
      [{ high: [{ contactMethodId: mine, delayMinutes: 1.5 }], low: [] }, ['high', '0', 'delayMinutes']],
      [{ high: [], low: [{ contactMethodId: theirs, delayMinutes: 0 }] }, ['low', '0', 'contactMethodId']],
      [
        {
          high: [
            { contactMethodId: mine, delayMinutes: 0 },
            { contactMethodId: mine, delayMinutes: 0 },
          ],
          low: [],
        },
        ['high', '1'],
      ],
      [{ high: [] }, ['low']],
    ];
    for (const [body, path] of cases) {
      const e = assertApiError(await put(p, body), 400, 'validation_failed');
      assert.deepEqual(issuesOf(e)[0]!.path.map(String), path, JSON.stringify(body));
    }
    assert.equal((await get(p)).isDefault, true, 'nothing was stored');
  });

  test("someone else's rules: admins only", async () => {
    const p = await api.person();
    const other = await api.person();
    assertApiError(
      await api.app.inject({
        method: 'GET',
        url: `/api/v1/users/${other.userId}/notification-rules`,
        headers: as(p),
      }),
      403,
      'forbidden',
    );
    assertApiError(await put(p, { high: [], low: [] }, other.userId), 403, 'forbidden');
    const byOwner = await put(api.owner, { high: [], low: [] }, other.userId);
    assert.equal(byOwner.statusCode, 200, byOwner.body);
    assert.equal((await get(other)).isDefault, false);
  });
});
