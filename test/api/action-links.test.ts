import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signActionToken } from '../../src/modules/oncall/notifications/action-token.js';
import { secretBoxFor } from '../../src/modules/oncall/notifications/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { startHttpListener, type HttpListener } from '../helpers/http-listener.js';
import { startNotifyApi, type NotifyApi } from '../helpers/notifications.js';

/**
 * Acknowledge/resolve links from a real notification: GET shows a confirmation page and changes
 * nothing (scanners and previews follow links); the form's POST acts without a session or CSRF
 * token and records the person's name on the timeline and in the audit log; expired, tampered
 * and foreign-key links are refused with a page and a 4xx.
 */
describeEachDialect('action links', (kind) => {
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

  const status = async (id: string) =>
    (await api.db.selectFrom('incidents').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;

  /** Pages a person by webhook and answers the links the message carried. */
  async function linksFor(name: string) {
    const p = await api.person(name);
    await api.addMethod(p, 'webhook', { url: `${listener.url}/${p.userId}`, secret: 'a-secret-of-sixteen+' });
    const incident = await api.openIncident({ title: 'Disk <full> & on fire' });
    await api.notify(incident.id, [p.userId]);
    await api.runJobs();
    const req = listener.requests.find((r) => r.url === `/${p.userId}`);
    assert.ok(req, 'the page was delivered');
    const body = JSON.parse(req.body) as { links: { acknowledge: string; resolve: string } };
    const path = (url: string) => new URL(url).pathname;
    return { p, incident, ack: path(body.links.acknowledge), resolve: path(body.links.resolve) };
  }

  test('GET shows a confirmation page and does not act; POST acknowledges as the person', async () => {
    const { incident, ack } = await linksFor('Ada Acker');
    for (let i = 0; i < 3; i++) {
      const page = await api.app.inject({ method: 'GET', url: ack });
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, new RegExp(`Acknowledge incident #${incident.number}\\?`));
      assert.match(page.body, /Disk &lt;full&gt; &amp; on fire/, 'the title is escaped');
      assert.match(page.body, /<form method="post">/);
      assert.doesNotMatch(page.body, /<script/i, 'no script: CSP-safe');
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    }
    assert.equal(await status(incident.id), 'triggered', 'GET never acts');

    const done = await api.app.inject({
      method: 'POST',
      url: ack,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, new RegExp(`Incident #${incident.number} acknowledged`));
    assert.equal(await status(incident.id), 'acknowledged');
    const entry = await api.db
      .selectFrom('incident_timeline')
      .select(['actor_label', 'actor_user_id'])
      .where('incident_id', '=', incident.id)
      .where('kind', '=', 'acknowledged')
      .executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'Ada Acker (via link)');
    const audit = await api.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('resource_id', '=', incident.id)
      .where('action', '=', 'incident.acknowledged')
      .executeTakeFirstOrThrow();
    assert.match(audit.actor_label, /Ada Acker .* via action link/);

    // Again: nothing more happens, and the page says so.
    const again = await api.app.inject({ method: 'POST', url: ack });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /already acknowledged/);
  });

  test('the resolve link resolves (from a form post without a session or CSRF token)', async () => {
    const { incident, resolve } = await linksFor('Rob Resolver');
    const done = await api.app.inject({
      method: 'POST',
      url: resolve,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=1',
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(await status(incident.id), 'resolved');
  });

  test('expired, tampered and truncated links are refused with a page and a 4xx', async () => {
    const { p, incident, ack } = await linksFor('Tess Tamper');
    const [payload, sig] = ack.slice('/act/'.length).split('.') as [string, string];
    const tampered = `/act/${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const raw = Buffer.from(payload, 'base64url');
    raw[1] = 1; // acknowledge → resolve, signature kept
    const forged = `/act/${raw.toString('base64url')}.${sig}`;
    for (const url of [tampered, forged, `/act/${payload}`, '/act/garbage']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await api.app.inject({ method, url });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.match(res.body, /not valid/);
      }
    }
    // A link signed by another key (another installation) is as good as tampered.
    const box = await secretBoxFor(api.db, api.ctx.config);
    const expired = signActionToken(box, {
      incidentId: incident.id,
      action: 'acknowledge',
      userId: p.userId,
      expiresAt: api.clock.now() - 1,
    });
    for (const method of ['GET', 'POST'] as const) {
      const res = await api.app.inject({ method, url: `/act/${expired}` });
      assert.equal(res.statusCode, 410, method);
      assert.match(res.body, /expired/);
    }
    // Links expire after 24 hours.
    api.clock.advance(24 * 3_600_000 + 1);
    assert.equal((await api.app.inject({ method: 'POST', url: ack })).statusCode, 410);
    assert.equal(await status(incident.id), 'triggered', 'nothing acted');
  });
});
