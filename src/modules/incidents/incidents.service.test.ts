import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/helpers/db.js';
import { AppError } from '../../http/errors.js';
import { EventBus, PendingEvents, type DomainEvent } from '../../lib/events.js';
import {
  acknowledgeIncident,
  addTimeline,
  changeStatus,
  findOpenIncident,
  openIncident,
  resolveIncident,
  retriggerIncident,
  touchGranularityMs,
  touchIncident,
  type OpenIncidentInput,
} from './incidents.service.js';
import { findIncident, timelineOf } from './incidents.repository.js';

const t0 = Date.parse('2026-03-01T09:00:00Z');
const pipeline = { userId: null, label: 'Alertmanager (alertmanager)' };

/** What a PendingEvents holds, by publishing it to a bus of our own. */
function drained(events: PendingEvents): { name: string; payload: unknown }[] {
  const bus = new EventBus();
  const seen: DomainEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  events.publishTo(bus, 0);
  return seen.map((e) => ({ name: e.name, payload: e.payload }));
}

describeEachDialect('incidents: functions the alert pipeline calls', (kind) => {
  let database: TestDatabase;
  let n = 0;
  before(async () => {
    database = await createTestDatabase(kind);
    for (const id of ['svc-a', 'svc-b']) {
      await database.db
        .insertInto('services')
        .values({
          id,
          name: id,
          description: '',
          owner_team_id: null,
          tier: null,
          escalation_policy_id: null,
          runbook_links: '[]',
          settings: '{}',
          is_sample: 0,
          created_at: t0,
          updated_at: t0,
        })
        .execute();
    }
  });
  after(() => database.close());

  const input = (over: Partial<OpenIncidentInput> = {}): OpenIncidentInput => ({
    title: `Disk full ${++n}`,
    serviceId: 'svc-a',
    severity: 'SEV2',
    urgency: 'high',
    groupKey: `key-${n}`,
    actor: pipeline,
    ...over,
  });
  const open = (now: number, over: Partial<OpenIncidentInput> = {}, events = new PendingEvents()) =>
    database.db.transaction().execute((trx) => openIncident(trx, now, events, input(over)));

  test('openIncident: numbered, matrix priority, a triggered entry and event', async () => {
    const events = new PendingEvents();
    const row = await open(t0, { title: '  CPU hot  ', description: 'on db-1' }, events);
    assert.equal(row.status, 'triggered');
    assert.equal(row.title, 'CPU hot');
    assert.equal(row.description, 'on db-1');
    assert.equal(row.impact, 'high');
    assert.equal(row.priority, 'P1');
    assert.equal(row.priority_overridden, 0);
    assert.equal(row.last_event_at, t0);
    assert.deepEqual(await findIncident(database.db, row.id), row, 'the returned row is the stored row');
    assert.deepEqual(drained(events), [
      { name: 'incident.triggered', payload: { incidentId: row.id, number: row.number, serviceId: 'svc-a' } },
    ]);
    const timeline = await timelineOf(database.db, row.id, 10);
    assert.equal(timeline.length, 1);
    assert.equal(timeline[0]!.kind, 'triggered');
    assert.equal(timeline[0]!.actor_label, pipeline.label);
    assert.equal(JSON.parse(timeline[0]!.body).priority, 'P1');

    const next = await open(t0 + 1, { severity: 'SEV4', urgency: 'low' });
    assert.equal(next.number, row.number + 1, 'numbers are consecutive');
    assert.equal(next.priority, 'P5');
    const given = await open(t0 + 2, { severity: 'SEV4', urgency: 'low', priority: 'P2' });
    assert.equal(given.priority, 'P2');
    assert.equal(given.priority_overridden, 1);
    const untitled = await open(t0 + 3, { title: '   ', serviceId: null, groupKey: null });
    assert.equal(untitled.title, 'Untitled incident');
    assert.equal(untitled.service_id, null);
    const long = await open(t0 + 4, { title: 'x'.repeat(2000) });
    assert.equal(long.title.length, 500);
  });

  test('numbers: unique and without gaps under 20 concurrent transactions, and a rollback gives its number back', async () => {
    const first = (await open(t0)).number;
    const rolledBack = database.db.transaction().execute(async (trx) => {
      await openIncident(trx, t0, new PendingEvents(), input());
      throw new Error('ingest failed');
    });
    await assert.rejects(rolledBack, /ingest failed/);
    const rows = await Promise.all(Array.from({ length: 20 }, (_, i) => open(t0 + i)));
    const numbers = rows.map((r) => r.number).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => first + 1 + i),
    );
  });

  test('findOpenIncident: newest unresolved for the service and key, honouring since', async () => {
    const older = await open(t0, { groupKey: 'disk', serviceId: 'svc-b' });
    const newer = await open(t0 + 60_000, { groupKey: 'disk', serviceId: 'svc-b' });
    await open(t0 + 120_000, { groupKey: 'other', serviceId: 'svc-b' });
    await open(t0 + 120_000, { groupKey: 'disk', serviceId: 'svc-a' });
    const db = database.db;
    assert.equal((await findOpenIncident(db, 'svc-b', 'disk'))?.id, newer.id);
    assert.equal(
      (await findOpenIncident(db, 'svc-b', 'disk', t0 + 60_000))?.id,
      newer.id,
      'since is inclusive',
    );
    assert.equal(await findOpenIncident(db, 'svc-b', 'disk', t0 + 60_001), undefined);
    await db
      .transaction()
      .execute((trx) =>
        resolveIncident(trx, t0 + 1, new PendingEvents(), newer.id, pipeline, 'all alerts resolved'),
      );
    assert.equal((await findOpenIncident(db, 'svc-b', 'disk'))?.id, older.id, 'resolved ones are skipped');
    await db
      .transaction()
      .execute((trx) => acknowledgeIncident(trx, t0 + 2, new PendingEvents(), older.id, pipeline));
    assert.equal((await findOpenIncident(db, 'svc-b', 'disk'))?.id, older.id, 'acknowledged ones are open');
    assert.equal(await findOpenIncident(db, 'svc-b', 'nope'), undefined);
  });

  test('acknowledge, retrigger, resolve: each once, repeats change nothing', async () => {
    const row = await open(t0);
    const db = database.db;
    const step = async (
      f: (trx: typeof db, events: PendingEvents) => Promise<{ status: string }>,
    ): Promise<[string, string[]]> => {
      const events = new PendingEvents();
      const r = await db.transaction().execute((trx) => f(trx, events));
      return [r.status, drained(events).map((e) => e.name)];
    };
    const who = { userId: null, label: 'Grace' };
    assert.deepEqual(await step((t, e) => acknowledgeIncident(t, t0 + 1, e, row.id, who)), [
      'acknowledged',
      ['incident.acknowledged'],
    ]);
    assert.deepEqual(await step((t, e) => acknowledgeIncident(t, t0 + 2, e, row.id, who)), [
      'acknowledged',
      [],
    ]);
    const acked = await findIncident(db, row.id);
    assert.equal(acked?.acknowledged_at, t0 + 1, 'the first acknowledgement counts');
    assert.deepEqual(await step((t, e) => retriggerIncident(t, t0 + 3, e, row.id, pipeline, 'new alert')), [
      'triggered',
      ['incident.updated'],
    ]);
    assert.deepEqual(await step((t, e) => retriggerIncident(t, t0 + 4, e, row.id, pipeline, 'again')), [
      'triggered',
      [],
    ]);
    assert.equal((await findIncident(db, row.id))?.acknowledged_at, null);
    assert.deepEqual(await step((t, e) => resolveIncident(t, t0 + 5, e, row.id, who, 'fixed')), [
      'resolved',
      ['incident.resolved'],
    ]);
    assert.deepEqual(await step((t, e) => resolveIncident(t, t0 + 6, e, row.id, who, 'fixed again')), [
      'resolved',
      [],
    ]);
    // Late pipeline events on a resolved incident change nothing and do not fail the ingest.
    assert.deepEqual(await step((t, e) => acknowledgeIncident(t, t0 + 7, e, row.id, pipeline)), [
      'resolved',
      [],
    ]);
    assert.deepEqual(await step((t, e) => retriggerIncident(t, t0 + 7, e, row.id, pipeline, 'x')), [
      'resolved',
      [],
    ]);
    const resolved = await findIncident(db, row.id);
    assert.equal(resolved?.resolved_at, t0 + 5);
    const timeline = await timelineOf(db, row.id, 100);
    assert.deepEqual(
      timeline.map((e) => [e.kind, e.actor_label, JSON.parse(e.body) as unknown]),
      [
        ['triggered', pipeline.label, JSON.parse(timeline[0]!.body) as unknown],
        ['acknowledged', 'Grace', {}],
        ['retriggered', pipeline.label, { reason: 'new alert' }],
        ['resolved', 'Grace', { reason: 'fixed' }],
      ],
    );
    // The API asks for a conflict instead.
    await assert.rejects(
      db
        .transaction()
        .execute((trx) =>
          changeStatus(trx, t0 + 8, new PendingEvents(), row.id, who, 'acknowledge', { onIllegal: 'throw' }),
        ),
      (err: unknown) => err instanceof AppError && err.code === 'conflict',
    );
    await assert.rejects(
      db.transaction().execute((trx) => acknowledgeIncident(trx, t0, new PendingEvents(), 'nope', who)),
      (err: unknown) => err instanceof AppError && err.code === 'not_found',
    );
  });

  test('concurrent acknowledgements: one wins, one entry, one event', async () => {
    const row = await open(t0);
    const all = new PendingEvents();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        database.db
          .transaction()
          .execute((trx) => acknowledgeIncident(trx, t0 + i, all, row.id, { userId: null, label: `p${i}` })),
      ),
    );
    assert.deepEqual(
      drained(all).map((e) => e.name),
      ['incident.acknowledged'],
    );
    const kinds = (await timelineOf(database.db, row.id, 100)).map((e) => e.kind);
    assert.deepEqual(kinds, ['triggered', 'acknowledged']);
  });

  test('addTimeline keeps write order within a millisecond; touchIncident never moves back', async () => {
    const touched = await open(t0);
    await touchIncident(database.db, t0 + touchGranularityMs - 1, touched.id);
    assert.equal(
      (await findIncident(database.db, touched.id))?.last_event_at,
      t0,
      'within the granularity: no write',
    );
    await touchIncident(database.db, t0 + touchGranularityMs + 1, touched.id);
    assert.equal((await findIncident(database.db, touched.id))?.last_event_at, t0 + touchGranularityMs + 1);
    const row = await open(t0);
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 30; i++) {
        await addTimeline(trx, t0 + 10, row.id, 'alert_linked', pipeline, { alertId: `a${i}` });
      }
      await touchIncident(trx, t0 + 5000, row.id);
      await touchIncident(trx, t0 + 2000, row.id);
    });
    const timeline = await timelineOf(database.db, row.id, 100);
    assert.deepEqual(
      timeline.slice(1).map((e) => (JSON.parse(e.body) as { alertId: string }).alertId),
      Array.from({ length: 30 }, (_, i) => `a${i}`),
    );
    assert.equal((await findIncident(database.db, row.id))?.last_event_at, t0 + 5000);
    const newest = await timelineOf(database.db, row.id, 2);
    assert.deepEqual(
      newest.map((e) => (JSON.parse(e.body) as { alertId: string }).alertId),
      ['a28', 'a29'],
      'a limited read keeps the newest, oldest first',
    );
  });
});
