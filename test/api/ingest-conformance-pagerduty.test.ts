import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import {
  alertByKey,
  alertsOf,
  eventOutcomes,
  incidentById,
  ingestCounts,
  startIngestApi,
  timelineKinds,
  type IngestApi,
} from '../helpers/ingest.js';

/**
 * PagerDuty Events API v2 as PagerDuty documents it (developer.pagerduty.com, "Send an Alert
 * Event"): trigger with and without dedup_key, acknowledge and resolve by dedup_key, at
 * /v2/enqueue (routing_key in the body) and at the integration URL; every answer in PagerDuty's
 * own shape.
 */
const success = (dedupKey: string) => ({
  status: 'success',
  message: 'Event processed',
  dedup_key: dedupKey,
});

describeEachDialect('ingest conformance: PagerDuty Events API v2', (kind) => {
  let api: IngestApi;
  before(async () => {
    api = await startIngestApi(kind);
  });
  after(() => api.close());

  const event = (action: string, fields: Record<string, unknown> = {}) => ({
    routing_key: api.keys.pagerduty,
    event_action: action,
    ...fields,
  });
  const enqueue = async (body: unknown, url = '/v2/enqueue', headers: Record<string, string> = {}) => {
    api.clock.advance(1000);
    const res = await api.send(url, body, headers);
    assert.equal(res.statusCode, 202, res.body);
    return res.json<{ status: string; message: string; dedup_key: string }>();
  };

  test('a full trigger, acknowledged, resolved: every documented field lands', async () => {
    const trigger = event('trigger', {
      dedup_key: 'srv01/HTTP',
      payload: {
        summary: 'DISK at 99% on machine prod-datapipe03.example.com',
        timestamp: '2026-03-01T08:42:58.315+0000',
        severity: 'critical',
        source: 'prod-datapipe03.example.com',
        component: 'mysql',
        group: 'prod-datapipe',
        class: 'disk',
        custom_details: { 'free space': '1%', ping_time: '1500ms', load_avg: 0.75 },
      },
      images: [{ src: 'https://chart.example.com/disk.png', href: 'https://example.com/', alt: 'Disk' }],
      links: [{ href: 'https://example.com/runbook', text: 'Runbook' }],
      client: 'Sample Monitoring Service',
      client_url: 'https://monitoring.example.com',
    });
    // Alertmanager's http_config may add a bearer token: ingest ignores it.
    assert.deepEqual(
      await enqueue(trigger, '/v2/enqueue', { authorization: 'Bearer x' }),
      success('srv01/HTTP'),
    );
    const alert = await alertByKey(api, 'srv01/HTTP');
    assert.deepEqual(
      [alert.summary, alert.source, alert.severity, alert.status],
      [
        'DISK at 99% on machine prod-datapipe03.example.com',
        'prod-datapipe03.example.com',
        'critical',
        'triggered',
      ],
    );
    assert.deepEqual(JSON.parse(alert.details), { 'free space': '1%', ping_time: '1500ms', load_avg: 0.75 });
    assert.deepEqual(JSON.parse(alert.links), [{ href: 'https://example.com/runbook', text: 'Runbook' }]);
    assert.equal(JSON.parse(alert.images)[0].src, 'https://chart.example.com/disk.png');
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual(
      [inc.status, inc.severity, inc.urgency, inc.title],
      ['triggered', 'SEV1', 'high', 'DISK at 99% on machine prod-datapipe03.example.com'],
    );

    assert.deepEqual(await enqueue(event('acknowledge', { dedup_key: 'srv01/HTTP' })), success('srv01/HTTP'));
    assert.equal((await alertByKey(api, 'srv01/HTTP')).status, 'acknowledged');
    assert.equal((await incidentById(api, inc.id)).status, 'acknowledged');
    assert.deepEqual(await enqueue(event('resolve', { dedup_key: 'srv01/HTTP' })), success('srv01/HTTP'));
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    assert.deepEqual(await timelineKinds(api, inc.id), [
      'triggered',
      'alert_linked',
      'acknowledged',
      'alert_resolved',
      'resolved',
    ]);
    assert.deepEqual(await eventOutcomes(api, 'srv01/HTTP'), [
      'trigger:opened',
      'acknowledge:acknowledged',
      'resolve:resolved',
    ]);
  });

  test('without dedup_key Keel makes one, answers it, and resolving by it works', async () => {
    const payload = { summary: 'No key', source: 'cron-1', severity: 'warning' };
    const answer = await enqueue(event('trigger', { payload }));
    assert.equal(answer.status, 'success');
    assert.match(answer.dedup_key, /^[\w-]{16,}$/);
    const again = await enqueue(event('trigger', { payload }));
    assert.notEqual(again.dedup_key, answer.dedup_key, 'each keyless trigger is its own alert');
    const alert = await alertByKey(api, answer.dedup_key);
    assert.equal((await incidentById(api, alert.incident_id!)).severity, 'SEV3');
    await enqueue(event('resolve', { dedup_key: answer.dedup_key }));
    assert.equal((await alertByKey(api, answer.dedup_key)).status, 'resolved');
    assert.equal((await alertByKey(api, again.dedup_key)).status, 'triggered');
  });

  test('the integration URL takes the same events; the key in the URL wins over the body’s', async () => {
    // E.g. Alertmanager's pagerduty_configs with `url: <integration url>` and any routing_key.
    const url = `/api/v1/ingest/${api.keys.pagerduty}`;
    const body = {
      routing_key: 'whatever-the-sender-was-given',
      event_action: 'trigger',
      dedup_key: 'via-url',
      payload: { summary: 'Via URL', source: 'x', severity: 'info' },
    };
    assert.deepEqual(await enqueue(body, url), success('via-url'));
    assert.deepEqual(await enqueue({ ...body, routing_key: api.keys.pagerduty }, url), success('via-url'));
    assert.equal((await alertByKey(api, 'via-url')).event_count, 2);
    const resolve = { ...body, event_action: 'resolve', payload: undefined };
    assert.deepEqual(await enqueue(resolve, url), success('via-url'));
    assert.equal((await alertByKey(api, 'via-url')).status, 'resolved');
    // The URL's key identifies the integration: routing_key may be left out there.
    const keyless = { ...body, routing_key: undefined, dedup_key: 'via-url-keyless' };
    assert.deepEqual(await enqueue(keyless, url), success('via-url-keyless'));
    const opened = await alertByKey(api, 'via-url-keyless');
    const integration = await api.db
      .selectFrom('integrations')
      .select('id')
      .where('key', '=', api.keys.pagerduty)
      .executeTakeFirstOrThrow();
    assert.equal(opened.integration_id, integration.id);
    assert.deepEqual(
      await enqueue({ ...keyless, event_action: 'resolve', payload: undefined }, url),
      success('via-url-keyless'),
    );
    assert.equal((await alertByKey(api, 'via-url-keyless')).status, 'resolved');
    // A routing_key that is there is still checked as PagerDuty checks it.
    const empty = await api.send(url, { ...body, routing_key: '' });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.deepEqual(empty.json().errors, ['routing_key must not be empty']);
    // At /v2/enqueue routing_key stays required, as PagerDuty requires it.
    const before = await ingestCounts(api);
    const missing = await api.send('/v2/enqueue', { ...body, routing_key: undefined });
    assert.equal(missing.statusCode, 400, missing.body);
    assert.equal(missing.json().status, 'invalid event');
    assert.deepEqual(await ingestCounts(api), before);
  });

  test('acknowledge and resolve of a key Keel never saw are accepted and change nothing', async () => {
    const before = (await alertsOf(api)).length;
    assert.deepEqual(await enqueue(event('acknowledge', { dedup_key: 'never-seen' })), success('never-seen'));
    assert.deepEqual(await enqueue(event('resolve', { dedup_key: 'never-seen' })), success('never-seen'));
    assert.equal((await alertsOf(api)).length, before);
    assert.deepEqual(await eventOutcomes(api, 'never-seen'), [
      'acknowledge:unknown_alert',
      'resolve:unknown_alert',
    ]);
  });
});
