import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { DialectKind } from '../../src/db/dialect.js';
import type { IntegrationType } from '../../src/modules/alerts/index.js';
import { startApi, type Api } from './api-fixtures.js';
import { as } from './server.js';

/**
 * Ingest-test fixtures: a Keel (fake clock, signed-in owner) with one service and an integration
 * of every type, senders that POST like the real tools do, and readers for what ingest wrote.
 */

/** The captured payloads of real senders, in ../shared/fixtures beside the repository. */
export const fixturesRoot = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures');

export interface Fixture {
  /** The path the sender posted to, e.g. /v2/enqueue. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Every captured fixture, as `<folder>/<file>.json`. */
export function allFixtures(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(fixturesRoot)) {
    if (!statSync(join(fixturesRoot, dir)).isDirectory()) continue;
    for (const f of readdirSync(join(fixturesRoot, dir))) if (f.endsWith('.json')) out.push(`${dir}/${f}`);
  }
  return out.sort();
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(fixturesRoot, name), 'utf8')) as Fixture;
}

export interface IngestApi extends Api {
  serviceId: string;
  keys: Record<IntegrationType, string>;
  /** POSTs JSON (or raw bytes) as a sender would, without Keel credentials. */
  send(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  sendRaw(
    url: string,
    payload: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** The owner's API call (cookie and CSRF token). */
  call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Adds an integration to the service; its key. */
  addIntegration(type: IntegrationType, config?: Record<string, unknown>): Promise<string>;
}

export const integrationTypesUnderTest: IntegrationType[] = [
  'pagerduty',
  'alertmanager',
  'grafana',
  'opsgenie',
  'keel',
  'webhook',
];

/** A Keel with a service (settings as given) and one integration of every type (configs as given). */
export async function startIngestApi(
  kind: DialectKind,
  opts: {
    settings?: Record<string, unknown>;
    configs?: Partial<Record<IntegrationType, Record<string, unknown>>>;
    env?: Record<string, string>;
  } = {},
): Promise<IngestApi> {
  const api = await startApi(kind, opts.env);
  const call: IngestApi['call'] = (method, url, payload) =>
    api.app.inject({
      method,
      url,
      headers: as(api.owner),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const created = await call('POST', '/api/v1/services', {
    name: 'Checkout',
    ...(opts.settings && { settings: opts.settings }),
  });
  assert.equal(created.statusCode, 201, created.body);
  const serviceId = created.json<{ id: string }>().id;
  const addIntegration = async (type: IntegrationType, config?: Record<string, unknown>) => {
    const res = await call('POST', `/api/v1/services/${serviceId}/integrations`, {
      type,
      name: `${type} sender`,
      ...(config && { config }),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ key: string }>().key;
  };
  const keys = {} as Record<IntegrationType, string>;
  for (const type of integrationTypesUnderTest) keys[type] = await addIntegration(type, opts.configs?.[type]);
  const sendRaw: IngestApi['sendRaw'] = (url, payload, headers = {}) =>
    api.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });
  return {
    ...api,
    serviceId,
    keys,
    call,
    addIntegration,
    sendRaw,
    send: (url, body, headers) => sendRaw(url, JSON.stringify(body), headers),
  };
}

/** Every alert of the service, oldest first. */
export function alertsOf(api: IngestApi) {
  return api.db
    .selectFrom('alerts')
    .selectAll()
    .where('service_id', '=', api.serviceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function alertByKey(api: IngestApi, dedupKey: string) {
  const rows = (await alertsOf(api)).filter((a) => a.dedup_key === dedupKey);
  assert.equal(rows.length, 1, `one alert with key ${dedupKey}, got ${rows.length}`);
  return rows[0]!;
}

export function incidentById(api: Pick<Api, 'db'>, id: string) {
  return api.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The timeline of an incident as `kind` strings, oldest first. */
export async function timelineKinds(api: Pick<Api, 'db'>, incidentId: string): Promise<string[]> {
  const rows = await api.db
    .selectFrom('incident_timeline')
    .select(['kind'])
    .where('incident_id', '=', incidentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.kind);
}

/** `action:outcome` of the raw events stored for a key, oldest first. */
export async function eventOutcomes(api: IngestApi, dedupKey: string): Promise<string[]> {
  const rows = await api.db
    .selectFrom('alert_events')
    .select(['action', 'outcome'])
    .where('dedup_key', '=', dedupKey)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.action}:${r.outcome}`);
}

const ingestTables = ['alert_events', 'alerts', 'incidents', 'incident_timeline', 'jobs'] as const;

/** Rows in the tables ingest writes to. */
export async function ingestCounts(api: Pick<Api, 'db'>): Promise<Record<string, number>> {
  const cols = sql.join(
    ingestTables.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`),
  );
  const { rows } = await sql<Record<string, number | string>>`select ${cols}`.execute(api.db);
  return Object.fromEntries(ingestTables.map((t) => [t, Number(rows[0]![t])]));
}
