import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { PendingEvents } from '../../src/lib/events.js';
import { newId } from '../../src/lib/ids.js';
import {
  acknowledgeIncident,
  openIncident,
  resolveIncident,
  type IncidentView,
} from '../../src/modules/incidents/index.js';
import { incidentPageQuery } from '../../src/modules/incidents/incident-list.repository.js';
import { assertApiError, assertStatus, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** GET /api/v1/incidents over 300 incidents: every filter, every sort, keyset pages. */

interface Model {
  id: string;
  number: number;
  createdAt: number;
  status: string;
  severity: string;
  priority: string;
  serviceId: string;
  title: string;
  description: string;
}

const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
const desc = <T>(a: T, b: T) => (a < b ? 1 : a > b ? -1 : 0);
const asc = <T>(a: T, b: T) => -desc(a, b);

describeEachDialect('incidents list', (kind) => {
  let api: Api;
  const base = Date.parse('2026-02-01T00:00:00Z');
  const model: Model[] = [];
  const services: string[] = [];
  const teams: string[] = [];

  before(async () => {
    api = await startApi(kind);
    const post = async (url: string, payload: object) => {
      const res = await api.app.inject({ method: 'POST', url, headers: as(api.owner), payload });
      assertStatus(res, 201);
      return res.json<{ id: string }>().id;
    };
    teams.push(
      await post('/api/v1/teams', { name: 'Platform' }),
      await post('/api/v1/teams', { name: 'Payments' }),
    );
    services.push(
      await post('/api/v1/services', { name: 'Search', ownerTeamId: teams[0] }),
      await post('/api/v1/services', { name: 'Queue', ownerTeamId: teams[0] }),
      await post('/api/v1/services', { name: 'Billing', ownerTeamId: teams[1] }),
    );
    // 300 incidents in one transaction; two share each minute, so ties on created_at are broken by id.
    const actor = { userId: null, label: 'test' };
    await api.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 300; i++) {
        const now = base + Math.floor(i / 2) * 60_000;
        const events = new PendingEvents();
        const row = await openIncident(trx, now, events, {
          title: `Incident ${i}${i % 10 === 0 ? ' database' : ''}`,
          description: i % 7 === 0 ? 'Disk pressure on node' : '',
          serviceId: services[i % 3]!,
          severity: severities[i % 4]!,
          urgency: i % 3 === 0 ? 'low' : 'high',
          groupKey: null,
          actor,
        });
        let status: string = row.status;
        if (i % 5 === 0) status = (await resolveIncident(trx, now + 1, events, row.id, actor, 'done')).status;
        if (i % 5 === 1) status = (await acknowledgeIncident(trx, now + 1, events, row.id, actor)).status;
        model.push({
          id: row.id,
          number: row.number,
          createdAt: now,
          status,
          severity: row.severity,
          priority: row.priority,
          serviceId: row.service_id!,
          title: row.title,
          description: row.description,
        });
      }
    });
  });
  after(() => api.close());

  const get = (query: string) =>
    api.app.inject({ url: `/api/v1/incidents?${query}`, headers: as(api.owner) });

  /** Every page of a query; checks that total is the same on each page. */
  async function walk(
    query: string,
    limit: number,
  ): Promise<{ items: IncidentView[]; total: number; pages: number }> {
    const items: IncidentView[] = [];
    let cursor: string | null = null;
    let total = -1;
    let pages = 0;
    do {
      const res = await get(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assertStatus(res, 200);
      const body = res.json<{ items: IncidentView[]; nextCursor: string | null; total: number }>();
      if (total >= 0) assert.equal(body.total, total, 'total is stable across pages');
      total = body.total;
      items.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    return { items, total, pages };
  }

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  test('every sort, in keyset pages, sees each incident once in the right order', async () => {
    const byCreatedDesc = [...model].sort((a, b) => desc(a.createdAt, b.createdAt) || desc(a.id, b.id));
    const expected: Record<string, Model[]> = {
      '-created_at': byCreatedDesc,
      created_at: [...byCreatedDesc].reverse(),
      priority: [...model].sort(
        (a, b) => asc(a.priority, b.priority) || desc(a.createdAt, b.createdAt) || desc(a.id, b.id),
      ),
      number: [...model].sort((a, b) => a.number - b.number),
    };
    for (const [sort, rows] of Object.entries(expected)) {
      const got = await walk(`sort=${sort}`, 70);
      assert.equal(got.total, 300);
      assert.equal(got.pages, 5);
      assert.deepEqual(ids(got.items), ids(rows), sort);
    }
    const dflt = (await get('limit=3')).json<{ items: IncidentView[] }>();
    assert.deepEqual(ids(dflt.items), ids(byCreatedDesc.slice(0, 3)), 'newest first by default');
  });

  test('filters: status (list), service, team, severity, priority, since/until, and together', async () => {
    const cases: [string, (m: Model) => boolean][] = [
      ['status=triggered', (m) => m.status === 'triggered'],
      ['status=triggered,acknowledged', (m) => m.status !== 'resolved'],
      ['status=resolved', (m) => m.status === 'resolved'],
      [`service=${services[1]}`, (m) => m.serviceId === services[1]],
      [`team=${teams[0]}`, (m) => m.serviceId === services[0] || m.serviceId === services[1]],
      [`team=${teams[1]}`, (m) => m.serviceId === services[2]],
      ['severity=SEV1', (m) => m.severity === 'SEV1'],
      ['priority=P1', (m) => m.priority === 'P1'],
      [
        `since=${new Date(base + 100 * 60_000).toISOString()}&until=${new Date(base + 120 * 60_000).toISOString()}`,
        (m) => m.createdAt >= base + 100 * 60_000 && m.createdAt < base + 120 * 60_000,
      ],
      [
        `status=triggered&service=${services[0]}&severity=SEV2`,
        (m) => m.status === 'triggered' && m.serviceId === services[0] && m.severity === 'SEV2',
      ],
      ['service=01000000-0000-7000-8000-000000000000', () => false],
    ];
    for (const [query, keep] of cases) {
      const want = model.filter(keep).sort((a, b) => desc(a.createdAt, b.createdAt) || desc(a.id, b.id));
      const got = await walk(query, 40);
      assert.equal(got.total, want.length, query);
      assert.deepEqual(ids(got.items), ids(want), query);
    }
    assert.ok(model.filter((m) => m.status === 'triggered').length > 0);
  });

  test('q: title and description words (any case), #number, a bare number', async () => {
    const count = async (q: string) =>
      (await get(`q=${encodeURIComponent(q)}&limit=500`)).json<{ total: number; items: IncidentView[] }>();
    assert.equal((await count('DATABASE')).total, 30);
    assert.equal((await count('disk pressure')).total, model.filter((m) => m.description).length);
    const n42 = model.find((m) => m.number === 42)!;
    assert.deepEqual(ids((await count('#42')).items), [n42.id]);
    const bare = await count('42');
    const want = model.filter((m) => m.number === 42 || m.title.includes('42'));
    assert.deepEqual(ids(bare.items).sort(), ids(want).sort());
    assert.equal((await count('100%')).total, 0, '% is matched as itself');
  });

  test('bad queries are 400', async () => {
    const first = (await get('sort=number&limit=5')).json<{ nextCursor: string }>();
    for (const query of [
      `sort=priority&cursor=${first.nextCursor}`,
      'cursor=not-a-cursor',
      'status=triggered,open',
      'status=',
      'severity=SEV9',
      'priority=P0',
      'sort=title',
      'since=yesterday',
      'until=2026-13-01T00:00:00Z',
      'limit=0',
      'limit=501',
    ]) {
      assertApiError(await get(query), 400, 'validation_failed');
    }
  });

  test('at 10,000+ incidents each sort reads its index, never sorting the table', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: newId(base - i * 1000),
      number: 1_000_000 + i,
      title: `Bulk ${i}`,
      description: '',
      status: (['triggered', 'acknowledged', 'resolved'] as const)[i % 3]!,
      severity: severities[i % 4]!,
      urgency: 'high' as const,
      impact: 'high' as const,
      priority: (['P1', 'P2', 'P3', 'P4', 'P5'] as const)[i % 5]!,
      priority_overridden: 0,
      category: null,
      service_id: services[i % 3]!,
      group_key: null,
      created_at: base - i * 1000,
      acknowledged_at: null,
      resolved_at: null,
      last_event_at: base - i * 1000,
      snoozed_until: null,
      merged_into_id: null,
      commander_user_id: null,
      communications_user_id: null,
      scribe_user_id: null,
      is_sample: 0,
      updated_at: base,
    }));
    for (let i = 0; i < rows.length; i += 400) {
      await api.db
        .insertInto('incidents')
        .values(rows.slice(i, i + 400))
        .execute();
    }
    await api.db.executeQuery(CompiledQuery.raw('analyze'));
    for (const [sort, status] of [
      ['-created_at', undefined],
      ['created_at', undefined],
      ['priority', undefined],
      ['number', undefined],
      ['-created_at', ['triggered'] as const],
    ] as const) {
      const c = incidentPageQuery(api.db, kind, { sort, status, limit: 50 }).compile();
      const explain = kind === 'sqlite' ? 'explain query plan ' : 'explain ';
      const out = await api.db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(explain + c.sql, [...c.parameters]),
      );
      const plan = out.rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n');
      assert.doesNotMatch(
        plan,
        kind === 'sqlite' ? /TEMP B-TREE|SCAN incidents$/m : /Sort|Seq Scan/,
        `${sort}: ${plan}`,
      );
    }
    const deep = await walk('sort=-created_at', 500);
    assert.equal(deep.total, 10_300);
    assert.equal(new Set(ids(deep.items)).size, 10_300);
  });
});
