import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { freePort } from '../helpers/process.js';
import { as, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

/**
 * The real Prometheus Alertmanager (Debian's `prometheus-alertmanager`, 0.25) delivering to Keel
 * through three of its receivers, each configured with nothing but Keel's URL and integration key,
 * as a user would paste them: `webhook_configs` (the Alertmanager integration; Alertmanager also
 * sends its own bearer token, which Keel ignores), `opsgenie_configs` (the Opsgenie integration,
 * both URL forms: the integration URL as `api_url`, and Keel's base URL with the key as
 * `api_key`) and `pagerduty_configs` (the PagerDuty integration's key as `routing_key`, Keel's
 * `/v2/enqueue` as `url`). Firing alerts become incidents; resolving them in Alertmanager resolves
 * them in Keel. The conformance tests check the payloads field by field; this checks that the
 * sender, unchanged, gets through.
 */

const binary = 'prometheus-alertmanager';
const available = spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
// CI installs it (.ci/run): there a missing binary fails the suite rather than skipping it.
const skip = !available && process.env.CI !== 'true' ? `${binary} is not installed` : false;

type Via = 'webhook' | 'opsgenie-url' | 'opsgenie-key' | 'pagerduty';
const routes: Via[] = ['webhook', 'opsgenie-url', 'opsgenie-key', 'pagerduty'];

function config(keel: string, keys: Record<'alertmanager' | 'opsgenie' | 'pagerduty', string>): string {
  const route = (via: Via) => `    - receiver: ${via}\n      matchers: ['via="${via}"']`;
  return `route:
  receiver: webhook
  group_by: [alertname, via]
  group_wait: 200ms
  group_interval: 1s
  repeat_interval: 1h
  routes:
${routes.map(route).join('\n')}
receivers:
  - name: webhook
    webhook_configs:
      - url: ${keel}/api/v1/ingest/${keys.alertmanager}
        http_config:
          authorization:
            credentials: alertmanager-own-token
  - name: opsgenie-url
    opsgenie_configs:
      - api_url: ${keel}/api/v1/ingest/${keys.opsgenie}/
        api_key: ${keys.opsgenie}
  - name: opsgenie-key
    opsgenie_configs:
      - api_url: ${keel}/
        api_key: ${keys.opsgenie}
  - name: pagerduty
    pagerduty_configs:
      - url: ${keel}/v2/enqueue
        routing_key: ${keys.pagerduty}
`;
}

interface Alertmanager {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

async function startAlertmanager(dir: string, yml: string): Promise<Alertmanager> {
  const port = await freePort();
  writeFileSync(join(dir, 'alertmanager.yml'), yml);
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`alertmanager not ready: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describeEachDialect('Prometheus Alertmanager delivers to Keel', (kind) => {
  let keel: TestServer;
  let owner: Session;
  let am: Alertmanager | undefined;
  let dir: string;
  let serviceId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-am-'));
    keel = await startTestServer({ kind, listen: true });
    owner = await setupOwner(keel.app);
    const created = await keel.app.inject({
      method: 'POST',
      url: '/api/v1/services',
      headers: as(owner),
      payload: { name: 'Storage' },
    });
    assert.equal(created.statusCode, 201, created.body);
    serviceId = created.json<{ id: string }>().id;
    const key = async (type: string) => {
      const res = await keel.app.inject({
        method: 'POST',
        url: `/api/v1/services/${serviceId}/integrations`,
        headers: as(owner),
        payload: { type, name: `${type} from Alertmanager` },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ key: string }>().key;
    };
    const keys = {
      alertmanager: await key('alertmanager'),
      opsgenie: await key('opsgenie'),
      pagerduty: await key('pagerduty'),
    };
    am = await startAlertmanager(dir, config(keel.url, keys));
  });
  after(async () => {
    await am?.stop();
    await keel?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (alerts: object[]) => {
    const res = await fetch(`${am!.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    assert.equal(res.status, 200, await res.text());
  };
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const alerts = (endsAt?: string) =>
    routes.flatMap((via) =>
      ['disk-1', 'disk-2'].map((instance) => ({
        labels: { alertname: 'VolumeFull', via, instance, severity: 'critical' },
        annotations: { summary: `Volume on ${instance} is full` },
        generatorURL: 'http://prometheus.example/graph?g0.expr=volume_free%20%3C%200.01',
        startsAt,
        ...(endsAt && { endsAt }),
      })),
    );

  /** Keel's alerts by the integration type that took them, with their incidents. */
  const state = async () => {
    const rows = await keel.keel.database.db
      .selectFrom('alerts')
      .innerJoin('integrations', 'integrations.id', 'alerts.integration_id')
      .leftJoin('incidents', 'incidents.id', 'alerts.incident_id')
      .select([
        'integrations.type as type',
        'alerts.dedup_key as dedupKey',
        'alerts.status as status',
        'alerts.summary as summary',
        'incidents.id as incidentId',
        'incidents.status as incidentStatus',
        'incidents.severity as severity',
      ])
      .where('alerts.service_id', '=', serviceId)
      .orderBy('alerts.dedup_key')
      .execute();
    const byType = (type: string) => rows.filter((r) => r.type === type);
    return {
      rows,
      alertmanager: byType('alertmanager'),
      opsgenie: byType('opsgenie'),
      pagerduty: byType('pagerduty'),
    };
  };
  type State = Awaited<ReturnType<typeof state>>;
  const until = async (what: string, done: (s: State) => boolean): Promise<State> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const s = await state();
      if (done(s)) return s;
      if (Date.now() > deadline)
        assert.fail(
          `${what}: not reached in 30 s\nKeel: ${JSON.stringify(s.rows, null, 1)}\nAlertmanager: ${am!.output()}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  test('firing alerts become incidents through every receiver', { skip }, async () => {
    await post(alerts());
    const s = await until(
      'two webhook alerts, one Opsgenie alert per URL form, one PagerDuty alert',
      (s) => s.alertmanager.length === 2 && s.opsgenie.length === 2 && s.pagerduty.length === 1,
    );
    // Webhook: one alert per Alertmanager alert (its fingerprint), the group one incident.
    assert.deepEqual(s.alertmanager.map((a) => [a.status, a.summary]).sort(), [
      ['triggered', 'Volume on disk-1 is full'],
      ['triggered', 'Volume on disk-2 is full'],
    ]);
    assert.equal(new Set(s.alertmanager.map((a) => a.incidentId)).size, 1);
    assert.equal(s.alertmanager[0]!.severity, 'SEV1', 'severity="critical" maps to SEV1');
    // Opsgenie and PagerDuty: Alertmanager sends one alert per group, keyed by a hash of the group.
    assert.equal(new Set(s.opsgenie.map((a) => a.dedupKey)).size, 2, 'one alias per group (two groups)');
    for (const a of [...s.opsgenie, ...s.pagerduty]) {
      assert.equal(a.status, 'triggered');
      assert.match(a.summary, /VolumeFull/);
      assert.ok(a.incidentId, 'opened an incident');
    }
    assert.equal(new Set(s.rows.map((a) => a.incidentId)).size, 4, 'an incident per Alertmanager group');
  });

  test('resolving them in Alertmanager resolves them in Keel', { skip }, async () => {
    await post(alerts(new Date().toISOString()));
    const s = await until('every alert and incident resolved', (s) =>
      s.rows.every((a) => a.status === 'resolved' && a.incidentStatus === 'resolved'),
    );
    assert.equal(s.rows.length, 5, 'no alert opened twice');
    const events = await keel.keel.database.db
      .selectFrom('alert_events')
      .select(['outcome'])
      .where('service_id', '=', serviceId)
      .execute();
    // Every resolve found its open alert (Alertmanager's keys match the firing ones).
    assert.ok(
      events.every((e) => e.outcome !== 'unknown_alert'),
      `no event for an unknown alert: ${JSON.stringify(events)}`,
    );
    assert.equal(events.filter((e) => e.outcome === 'resolved').length, 5);
  });
});
