import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import {
  alertByKey,
  eventOutcomes,
  incidentById,
  startIngestApi,
  type IngestApi,
} from '../helpers/ingest.js';

/**
 * Generic JSON webhooks through their field mappings (docs/ingest-formats.md), and Keel's own
 * event format: what the mapping names lands on the alert and the incident, actions drive the
 * lifecycle, and an unmapped value is refused in Keel's error shape.
 */
const mapping = {
  title: '$.alert.name',
  dedupKey: '$.alert.id',
  action: { path: '$.state', map: { 'went-bad': 'trigger', 'all-good': 'resolve' } },
  severity: { path: '$.level', map: { 'sev-a': 'critical' }, default: 'warning' },
  source: '$.host',
  description: "$.alert['long text']",
  occurredAt: '$.time',
  links: [{ href: '$.alert.url', text: 'Open in tool' }],
  details: '$.alert',
};

describeEachDialect('ingest conformance: generic webhooks and Keel events', (kind) => {
  let api: IngestApi;
  let hook = '';
  before(async () => {
    api = await startIngestApi(kind);
    hook = await api.addIntegration('webhook', { mapping });
  });
  after(() => api.close());

  const post = (key: string, body: unknown) => {
    api.clock.advance(1000);
    return api.send(`/api/v1/ingest/${key}`, body);
  };
  const accepted = async (key: string, body: unknown) => {
    const res = await post(key, body);
    assert.equal(res.statusCode, 202, res.body);
    return res.json<{ events: { dedupKey: string; outcome: string }[] }>().events;
  };

  test('a full mapping: every mapped field lands; the mapped action resolves', async () => {
    const body = {
      state: 'went-bad',
      level: 'sev-a',
      host: 'web-3',
      time: 1772355600,
      alert: {
        id: 4711,
        name: 'Checkout latency',
        url: 'https://tool.example.com/a/4711',
        'long text': 'p99 > 2s',
      },
    };
    assert.deepEqual(await accepted(hook, body), [
      { dedupKey: '4711', outcome: 'opened', alertId: (await alertByKey(api, '4711')).id },
    ]);
    const alert = await alertByKey(api, '4711');
    assert.deepEqual(
      [alert.summary, alert.severity, alert.source],
      ['Checkout latency', 'critical', 'web-3'],
    );
    assert.deepEqual(JSON.parse(alert.links), [
      { href: 'https://tool.example.com/a/4711', text: 'Open in tool' },
    ]);
    assert.equal(JSON.parse(alert.details)['long text'], 'p99 > 2s');
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual([inc.title, inc.description, inc.severity], ['Checkout latency', 'p99 > 2s', 'SEV1']);
    await accepted(hook, { ...body, state: 'all-good' });
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    assert.deepEqual(await eventOutcomes(api, '4711'), ['trigger:opened', 'resolve:resolved']);
  });

  test('built-in spellings and defaults; an unmapped value is refused', async () => {
    const body = (state: string, level?: string) => ({
      state,
      level,
      alert: { id: 'b-1', name: 'Built-in' },
    });
    await accepted(hook, body('FIRING', 'p2'));
    const alert = await alertByKey(api, 'b-1');
    assert.equal(alert.severity, 'error', 'p2 is a known spelling of error');
    await accepted(hook, body('ack'));
    assert.equal((await alertByKey(api, 'b-1')).status, 'acknowledged');
    const refused = await post(hook, body('sideways'));
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().error.code, 'validation_failed');
    assert.match(refused.json().error.message, /"sideways".*not mapped/);
    await accepted(hook, body('recovered'));
    assert.equal((await alertByKey(api, 'b-1')).status, 'resolved');
  });

  test('a mapping set later through the API takes effect; the preview shows the same event', async () => {
    const integrations = await api.call('GET', `/api/v1/services/${api.serviceId}/integrations`);
    const plain = integrations
      .json<{ items: { id: string; key: string }[] }>()
      .items.find((i) => i.key === api.keys.webhook)!;
    const sample = { msg: 'Queue stuck', ref: 'q-9', sev: 'low' };
    const noMapping = await post(api.keys.webhook, sample);
    assert.equal(noMapping.statusCode, 400);
    const simple = { title: '$.msg', dedupKey: '$.ref', severity: { path: '$.sev' } };
    const patched = await api.call('PATCH', `/api/v1/services/${api.serviceId}/integrations/${plain.id}`, {
      config: { mapping: simple },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const preview = await api.call('POST', '/api/v1/integrations/webhook-preview', {
      mapping: simple,
      sample,
    });
    assert.equal(preview.json().ok, true, preview.body);
    await accepted(api.keys.webhook, sample);
    const alert = await alertByKey(api, 'q-9');
    assert.deepEqual(
      [alert.summary, alert.severity],
      [preview.json().event.summary, preview.json().event.severity],
    );
    assert.equal(alert.severity, 'info');
  });

  test('Keel events: trigger, acknowledge, resolve', async () => {
    await accepted(api.keys.keel, {
      action: 'trigger',
      dedupKey: 'k-1',
      summary: 'Keel',
      severity: 'warning',
      labels: { team: 'a' },
    });
    const alert = await alertByKey(api, 'k-1');
    assert.deepEqual(JSON.parse(alert.labels), { team: 'a' });
    await accepted(api.keys.keel, { action: 'acknowledge', dedupKey: 'k-1' });
    assert.equal((await incidentById(api, alert.incident_id!)).status, 'acknowledged');
    await accepted(api.keys.keel, { action: 'resolve', dedupKey: 'k-1' });
    assert.equal((await incidentById(api, alert.incident_id!)).status, 'resolved');
  });
});
