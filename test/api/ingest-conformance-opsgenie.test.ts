import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../helpers/db.js';
import {
  alertByKey,
  eventOutcomes,
  incidentById,
  ingestCounts,
  startIngestApi,
  type IngestApi,
} from '../helpers/ingest.js';

/**
 * Opsgenie's Alert API (docs.opsgenie.com/docs/alert-api) as the tools that speak it send it:
 * create, acknowledge and close by alias, at `<integration url>/v2/alerts…` and at `/v2/alerts…`
 * with `Authorization: GenieKey <key>`. The bodies are the ones Alertmanager's opsgenie_configs
 * (notify/opsgenie: api_url + "v2/alerts", close with {"source"}) and Grafana's Opsgenie contact
 * point (receivers/opsgenie: API URL + "/<alias>/close?identifierType=alias", source "Grafana")
 * build; both alias an alert group by the SHA-256 of its group key.
 */
const groupAlias = (groupKey: string) => createHash('sha256').update(groupKey).digest('hex');

describeEachDialect('ingest conformance: Opsgenie Alert API', (kind) => {
  let api: IngestApi;
  before(async () => {
    api = await startIngestApi(kind);
  });
  after(() => api.close());

  /** Asserts Opsgenie's 202: `{"result","took","requestId"}` and nothing else. */
  function processed(res: LightMyRequestResponse): void {
    assert.equal(res.statusCode, 202, res.body);
    const body = res.json<{ result: string; took: number; requestId: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['requestId', 'result', 'took']);
    assert.equal(body.result, 'Request will be processed');
    assert.equal(typeof body.took, 'number');
    assert.ok(body.requestId.length > 0);
  }
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) => {
    api.clock.advance(1000);
    // Go's json.Encoder ends the body with a newline; send it as Alertmanager does.
    return api.sendRaw(url, `${JSON.stringify(body)}\n`, headers);
  };

  test('Alertmanager’s opsgenie_configs (api_url: <integration url>/): create, then close by alias', async () => {
    const base = `/api/v1/ingest/${api.keys.opsgenie}/`;
    // Alertmanager sends its own api_key; under the integration URL the URL's key decides.
    const headers = { authorization: 'GenieKey alertmanager-configured-key' };
    const alias = groupAlias('{}/{}:{alertname="DemoTrigger"}');
    processed(
      await post(
        `${base}v2/alerts`,
        {
          alias,
          message: '[FIRING:1] DemoTrigger (127.0.0.1:19099 demo-sink checkout critical platform)',
          description: 'Alerts Firing:\nLabels:\n - alertname = DemoTrigger\n',
          details: { alertname: 'DemoTrigger', severity: 'critical', team: 'platform' },
          source: 'http://127.0.0.1:19093/#/alerts?receiver=opsgenie',
          responders: [{ name: 'platform', type: 'team' }],
          tags: ['checkout', 'critical'],
          priority: 'P1',
        },
        headers,
      ),
    );
    const alert = await alertByKey(api, alias);
    assert.equal(
      alert.summary,
      '[FIRING:1] DemoTrigger (127.0.0.1:19099 demo-sink checkout critical platform)',
    );
    assert.deepEqual(JSON.parse(alert.labels), { checkout: 'true', critical: 'true' });
    assert.equal(JSON.parse(alert.details).team, 'platform');
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual([inc.status, inc.priority, inc.severity], ['triggered', 'P1', 'SEV1']);
    processed(
      await post(
        `${base}v2/alerts/${alias}/close?identifierType=alias`,
        { source: 'http://127.0.0.1:19093/#/alerts?receiver=opsgenie' },
        headers,
      ),
    );
    assert.equal((await alertByKey(api, alias)).status, 'resolved');
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    assert.deepEqual(await eventOutcomes(api, alias), ['trigger:opened', 'resolve:resolved']);
  });

  test('Grafana’s Opsgenie contact point (API URL: /v2/alerts, GenieKey): create, then close', async () => {
    const headers = { authorization: `GenieKey ${api.keys.opsgenie}` };
    const alias = groupAlias('{}:{alertname="High memory usage"}');
    processed(
      await post(
        '/v2/alerts',
        {
          alias,
          message: '[FIRING:1] High memory usage (blue)',
          description:
            '[FIRING:1] High memory usage (blue)\nhttps://grafana.example.com/alerting/list\n\n**Firing**',
          details: { url: 'https://grafana.example.com/alerting/list', team: 'blue' },
          source: 'Grafana',
          tags: ['alertname:High memory usage', 'team:blue'],
        },
        headers,
      ),
    );
    const alert = await alertByKey(api, alias);
    assert.deepEqual(JSON.parse(alert.labels), {
      'alertname:High memory usage': 'true',
      'team:blue': 'true',
    });
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual([inc.priority, inc.severity], ['P3', 'SEV3'], 'no priority: P3, as Opsgenie');
    processed(await post(`/v2/alerts/${alias}/close?identifierType=alias`, { source: 'Grafana' }, headers));
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    // Grafana sends `"tags": []` when it sends no tags.
    processed(
      await post(
        '/v2/alerts',
        { alias: 'no-tags', message: 'm', details: {}, source: 'Grafana', tags: [] },
        headers,
      ),
    );
    await alertByKey(api, 'no-tags');
  });

  test('acknowledge then close by alias, at both URL forms', async () => {
    const forms: { base: string; headers: Record<string, string> }[] = [
      { base: `/api/v1/ingest/${api.keys.opsgenie}`, headers: {} },
      { base: '', headers: { authorization: `GenieKey ${api.keys.opsgenie}` } },
    ];
    for (const [i, { base, headers }] of forms.entries()) {
      const alias = `db-disk-${i}`;
      processed(
        await post(
          `${base}/v2/alerts`,
          { message: 'Disk full', alias, priority: 'P2', entity: 'db-1' },
          headers,
        ),
      );
      const alert = await alertByKey(api, alias);
      assert.equal(alert.source, 'db-1');
      processed(
        await post(
          `${base}/v2/alerts/${alias}/acknowledge?identifierType=alias`,
          { user: 'ada', note: 'looking' },
          headers,
        ),
      );
      assert.equal((await alertByKey(api, alias)).status, 'acknowledged');
      assert.equal((await incidentById(api, alert.incident_id!)).status, 'acknowledged');
      // Opsgenie's close body is optional.
      api.clock.advance(1000);
      processed(await api.sendRaw(`${base}/v2/alerts/${alias}/close?identifierType=alias`, '', headers));
      assert.equal((await incidentById(api, alert.incident_id!)).status, 'resolved');
      assert.deepEqual(await eventOutcomes(api, alias), [
        'trigger:opened',
        'acknowledge:acknowledged',
        'resolve:resolved',
      ]);
    }
  });

  test('over-long fields are cut as Opsgenie keeps them, never refused: a long Alertmanager source', async () => {
    // Alertmanager's default source is `<external URL>/#/alerts?receiver=<receiver>`: past 100 characters
    // with a long external URL or receiver name. Grafana cuts its message to 130 itself; other tools do not.
    const source = `https://alertmanager.monitoring.prod.eu-west-1.example.com/#/alerts?receiver=${encodeURIComponent('team-checkout-payments-opsgenie-p1')}`;
    assert.ok(source.length > 100);
    const forms: { base: string; headers: Record<string, string> }[] = [
      {
        base: `/api/v1/ingest/${api.keys.opsgenie}/`,
        headers: { authorization: 'GenieKey alertmanager-key' },
      },
      { base: '/', headers: { authorization: `GenieKey ${api.keys.opsgenie}` } },
    ];
    for (const [i, { base, headers }] of forms.entries()) {
      const alias = groupAlias(`{}:{alertname="LongSource${i}"}`);
      const before = await ingestCounts(api);
      processed(
        await post(
          `${base}v2/alerts`,
          {
            alias,
            message: `[FIRING:1] LongSource${i} ${'x'.repeat(200)}`,
            description: 'd'.repeat(16_000),
            details: { alertname: `LongSource${i}`, severity: 'critical' },
            source,
            tags: ['checkout', 'c'.repeat(60)],
            priority: 'P2',
          },
          headers,
        ),
      );
      const after = await ingestCounts(api);
      assert.deepEqual([after.alerts! - before.alerts!, after.incidents! - before.incidents!], [1, 1]);
      const alert = await alertByKey(api, alias);
      assert.equal(alert.summary, `[FIRING:1] LongSource${i} ${'x'.repeat(130 - 24)}…`);
      assert.equal([...alert.summary].length, 130);
      const details = JSON.parse(alert.details) as Record<string, unknown>;
      assert.deepEqual(details._truncated, {
        tags: { originalCount: 2, droppedCount: 0, cut: ['c'.repeat(60)] },
        summary: { originalChars: 223 },
        client: { originalChars: source.length },
        description: { originalChars: 16_000 },
      });
      assert.deepEqual(JSON.parse(alert.labels), { checkout: 'true', [`${'c'.repeat(49)}…`]: 'true' });
      const inc = await incidentById(api, alert.incident_id!);
      assert.equal([...inc.description].length, 15_000);
      // Closed, as Alertmanager closes it: with the same long source.
      processed(await post(`${base}v2/alerts/${alias}/close?identifierType=alias`, { source }, headers));
      assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    }
    // What Opsgenie refuses is still refused, and stores nothing.
    const before = await ingestCounts(api);
    const missing = await post('/v2/alerts', { alias: 'no-message', source }, forms[1]!.headers);
    assert.equal(missing.statusCode, 422, missing.body);
    assert.equal(missing.json().message, 'message is required');
    assert.deepEqual(await ingestCounts(api), before);
  });

  test('an alias past 512 characters is keyed by its SHA-256, and a repeat finds it again', async () => {
    const headers = { authorization: `GenieKey ${api.keys.opsgenie}` };
    const alias = `long-${'a'.repeat(600)}`;
    processed(await post('/v2/alerts', { message: 'Long alias', alias }, headers));
    processed(await post('/v2/alerts', { message: 'Long alias', alias }, headers));
    const alert = await alertByKey(api, createHash('sha256').update(alias).digest('hex'));
    assert.deepEqual([alert.summary, alert.event_count], ['Long alias', 2]);
    assert.deepEqual(JSON.parse(alert.details)._truncated, {
      dedupKey: { originalChars: 605, replacedBy: 'sha256' },
    });
  });

  const put = (url: string, body: unknown, headers: Record<string, string> = {}) => {
    api.clock.advance(1000);
    return api.app.inject({
      method: 'PUT',
      url,
      payload: `${JSON.stringify(body)}\n`,
      headers: { 'content-type': 'application/json', ...headers },
    });
  };

  test('Alertmanager’s update_alerts: PUT …/message and …/description update the open alert, at both URL forms', async () => {
    const forms: { base: string; headers: Record<string, string> }[] = [
      {
        base: `/api/v1/ingest/${api.keys.opsgenie}/`,
        headers: { authorization: 'GenieKey alertmanager-key' },
      },
      { base: '/', headers: { authorization: `GenieKey ${api.keys.opsgenie}` } },
    ];
    for (const [i, { base, headers }] of forms.entries()) {
      const alias = groupAlias(`{}:{alertname="Updated${i}"}`);
      // What Alertmanager sends for one notification with update_alerts: true.
      const create = {
        alias,
        message: `[FIRING:1] Updated${i}`,
        description: 'Alerts Firing:\n - one',
        details: { alertname: `Updated${i}` },
        source: 'http://127.0.0.1:19093/#/alerts?receiver=opsgenie',
        priority: 'P2',
      };
      processed(await post(`${base}v2/alerts`, create, headers));
      const alert = await alertByKey(api, alias);
      const q = '?identifierType=alias';
      // The next notification of the group: a repeated create (refreshes), then the two updates.
      processed(await post(`${base}v2/alerts`, { ...create, message: `[FIRING:2] Updated${i}` }, headers));
      processed(
        await put(`${base}v2/alerts/${alias}/message${q}`, { message: `[FIRING:2] Updated${i}` }, headers),
      );
      processed(
        await put(
          `${base}v2/alerts/${alias}/description${q}`,
          { description: 'Alerts Firing:\n - one\n - two' },
          headers,
        ),
      );
      const updated = await alertByKey(api, alias);
      assert.deepEqual(
        [updated.id, updated.summary, updated.status],
        [alert.id, `[FIRING:2] Updated${i}`, 'triggered'],
      );
      const inc = await incidentById(api, alert.incident_id!);
      assert.deepEqual(
        [inc.title, inc.description],
        [`[FIRING:2] Updated${i}`, 'Alerts Firing:\n - one\n - two'],
      );
      assert.deepEqual(await eventOutcomes(api, alias), [
        'trigger:opened',
        'trigger:refreshed',
        'update:refreshed',
        'update:refreshed',
      ]);
      // Alertmanager sends {} when the description template is empty: Opsgenie's description is optional.
      processed(await put(`${base}v2/alerts/${alias}/description${q}`, {}, headers));
      assert.equal((await incidentById(api, inc.id)).description, '');
      // A message past 130 characters is cut, as on create.
      processed(await put(`${base}v2/alerts/${alias}/message${q}`, { message: 'm'.repeat(140) }, headers));
      assert.equal((await alertByKey(api, alias)).summary, `${'m'.repeat(129)}…`);
    }
  });

  test('updates: an unknown alias is recorded, not an error; a person’s edit is kept; bad requests are refused', async () => {
    const headers = { authorization: `GenieKey ${api.keys.opsgenie}` };
    const q = '?identifierType=alias';
    const before = await ingestCounts(api);
    processed(await put(`/v2/alerts/never-created/message${q}`, { message: 'x' }, headers));
    processed(await put(`/v2/alerts/never-created/description${q}`, { description: 'x' }, headers));
    const after = await ingestCounts(api);
    assert.deepEqual(
      { ...after, alert_events: before.alert_events },
      before,
      'only the raw events are stored',
    );
    assert.equal(after.alert_events, before.alert_events! + 2);
    assert.deepEqual(await eventOutcomes(api, 'never-created'), [
      'update:unknown_alert',
      'update:unknown_alert',
    ]);

    processed(
      await post('/v2/alerts', { alias: 'edited', message: 'Original', description: 'Sent' }, headers),
    );
    const alert = await alertByKey(api, 'edited');
    const edit = await api.call('PATCH', `/api/v1/incidents/${alert.incident_id}`, {
      title: 'Named by a person',
    });
    assert.equal(edit.statusCode, 200, edit.body);
    processed(await put(`/v2/alerts/edited/message${q}`, { message: 'From the sender' }, headers));
    processed(await put(`/v2/alerts/edited/description${q}`, { description: 'Sent again' }, headers));
    assert.equal((await alertByKey(api, 'edited')).summary, 'From the sender', 'the alert takes it');
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual(
      [inc.title, inc.description],
      ['Named by a person', 'Sent again'],
      'the person’s title stays',
    );

    // A closed alert is not updated: the update finds no open alert.
    processed(await post(`/v2/alerts/edited/close${q}`, {}, headers));
    processed(await put(`/v2/alerts/edited/message${q}`, { message: 'Too late' }, headers));
    assert.equal((await alertByKey(api, 'edited')).summary, 'From the sender');
    assert.equal((await eventOutcomes(api, 'edited')).at(-1), 'update:unknown_alert');

    const counts = await ingestCounts(api);
    for (const [url, body, status, message] of [
      [`/v2/alerts/edited/message${q}`, {}, 422, /message is required/],
      [`/v2/alerts/edited/message${q}`, { message: '  ' }, 422, /message must not be blank/],
      [`/v2/alerts/edited/description${q}`, { description: 5 }, 422, /description must be a string/],
      ['/v2/alerts/edited/message', { message: 'x' }, 422, /identifierType must be alias/],
    ] as const) {
      const res = await put(url, body, headers);
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.json().message, message);
    }
    const unknownKey = await put(
      `/v2/alerts/edited/message${q}`,
      { message: 'x' },
      { authorization: 'GenieKey nope' },
    );
    assert.equal(unknownKey.statusCode, 401, unknownKey.body);
    assert.deepEqual(await ingestCounts(api), counts, 'refused requests store nothing');
  });

  test('a repeated create refreshes the open alert; identifierType other than alias is refused', async () => {
    const headers = { authorization: `GenieKey ${api.keys.opsgenie}` };
    processed(await post('/v2/alerts', { message: 'Again', alias: 'again' }, headers));
    processed(await post('/v2/alerts', { message: 'Again', alias: 'again' }, headers));
    assert.equal((await alertByKey(api, 'again')).event_count, 2);
    const byId = await post('/v2/alerts/again/close', {}, headers);
    assert.equal(byId.statusCode, 422, byId.body);
    assert.match(byId.json().message, /identifierType must be alias/);
    assert.equal((await alertByKey(api, 'again')).status, 'triggered');
  });
});
