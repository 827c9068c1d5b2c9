import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ScheduleView } from '../../src/modules/oncall/schedules/index.js';
import {
  assertApiError,
  assertStatus,
  issuesOf,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, type Session } from '../helpers/server.js';

/**
 * Bad input to the schedules API: each is a 4xx with a catalogue code and an issue naming the
 * field, and nothing is written (no schedule, override, cover request or audit row).
 */
describeEachDialect('schedules API bad input', (kind) => {
  let api: Api;
  let ada: Session;
  let schedule: ScheduleView;
  before(async () => {
    api = await startApi(kind);
    ada = await signedIn(api, 'responder');
    const res = await post('/api/v1/schedules', valid());
    assertStatus(res, 201);
    schedule = res.json<ScheduleView>();
  });
  after(() => api.close());

  const layer = () => ({
    name: 'Days',
    members: [ada.userId],
    rotation: { kind: 'weekly', every: 1 },
    startsAt: '2026-03-02T09:00:00Z',
  });
  const valid = () => ({ name: 'Primary', timeZone: 'Europe/London', layers: [layer()] });
  function post(url: string, payload: unknown, who: Session = api.owner) {
    return api.app.inject({ method: 'POST', url, headers: as(who), payload: payload as object });
  }
  async function counts(): Promise<number[]> {
    const n = async (t: 'schedules' | 'schedule_overrides' | 'schedule_cover_requests' | 'audit_log') =>
      Number(
        (
          await api.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return [
      await n('schedules'),
      await n('schedule_overrides'),
      await n('schedule_cover_requests'),
      await n('audit_log'),
    ];
  }
  /** Sends a request that must fail with `status`/`code` and an issue about `field`, writing nothing. */
  async function refused(
    url: string,
    payload: unknown,
    field: string,
    message: RegExp,
    status = 400,
    code: 'validation_failed' | 'conflict' = 'validation_failed',
  ) {
    const before = await counts();
    const error = assertApiError(await post(url, payload), status, code);
    const issues = issuesOf(error);
    assert.ok(
      issues.some((i) => i.path.map(String).includes(field) && message.test(i.message)),
      `expected an issue on ${field} matching ${String(message)}: ${JSON.stringify(issues)}`,
    );
    assert.deepEqual(await counts(), before, `${url} wrote something`);
  }

  test('schedules: zero members, unknown zone, unknown user or team, ends before start, …', async () => {
    const url = '/api/v1/schedules';
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), members: [] }] },
      'members',
      /at least one member/,
    );
    await refused(
      url,
      { ...valid(), timeZone: 'Europe/Atlantis' },
      'timeZone',
      /unknown time zone "Europe\/Atlantis"/,
    );
    await refused(url, { ...valid(), timeZone: '' }, 'timeZone', /unknown time zone/);
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), members: [ada.userId, 'ghost'] }] },
      'members',
      /no such user: ghost/,
    );
    await refused(url, { ...valid(), teamId: 'no-team' }, 'teamId', /no such team/);
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), endsAt: '2026-03-01T09:00:00Z' }] },
      'endsAt',
      /after startsAt/,
    );
    await refused(url, { ...valid(), layers: [] }, 'layers', /at least one layer/);
    await refused(url, { name: 'No layers', timeZone: 'UTC' }, 'layers', /.+/);
    await refused(url, { ...valid(), name: '  ' }, 'name', /required/);
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), rotation: { kind: 'daily', every: 0 } }] },
      'every',
      /1 or more/,
    );
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), rotation: { kind: 'monthly', every: 1 } }] },
      'kind',
      /must be one of/,
    );
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), restrictions: { kind: 'daily', from: '9am', to: '17:00' } }] },
      'from',
      /HH:MM/,
    );
    await refused(
      url,
      { ...valid(), layers: [{ ...layer(), restrictions: { kind: 'daily', from: '09:00', to: '09:00' } }] },
      'to',
      /must differ/,
    );
    await refused(url, { ...valid(), layers: [{ ...layer(), startsAt: 'Monday' }] }, 'startsAt', /ISO 8601/);
    await refused(url, { ...valid(), layers: [{ ...layer(), startsAt: 1772442000000 }] }, 'startsAt', /.+/);
    await refused(
      url,
      { ...valid(), layers: [layer(), layer()].map((l) => ({ ...l, id: 'same' })) },
      'id',
      /repeats/,
    );
    assertApiError(await post(url, { ...valid(), colour: 'red' }), 400, 'validation_failed');

    // The same rules on a change.
    const before = await counts();
    const patch = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/schedules/${schedule.id}`,
      headers: as(api.owner),
      payload: { timeZone: 'Mars/Olympus_Mons' },
    });
    assertApiError(patch, 400, 'validation_failed');
    const zero = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/schedules/${schedule.id}`,
      headers: as(api.owner),
      payload: { layers: [{ ...layer(), members: [] }] },
    });
    assertApiError(zero, 400, 'validation_failed');
    assert.deepEqual(await counts(), before);
  });

  test('overrides and cover requests: end before start, unknown users, overlaps', async () => {
    const url = `/api/v1/schedules/${schedule.id}/overrides`;
    const span = { startsAt: '2026-03-10T09:00:00Z', endsAt: '2026-03-10T17:00:00Z' };
    await refused(url, { ...span, endsAt: span.startsAt }, 'endsAt', /after startsAt/);
    await refused(url, { ...span, endsAt: '2026-03-09T09:00:00Z' }, 'endsAt', /after startsAt/);
    await refused(url, { ...span, endsAt: '2027-06-01T00:00:00Z' }, 'endsAt', /366 days/);
    await refused(url, { ...span, userId: 'ghost' }, 'userId', /no such user: ghost/);
    await refused(url, { startsAt: span.startsAt }, 'endsAt', /.+/);
    assertStatus(await post(url, span), 201);
    await refused(
      url,
      { startsAt: '2026-03-10T16:00:00Z', endsAt: '2026-03-10T18:00:00Z' },
      'startsAt',
      /overlaps override/,
      409,
      'conflict',
    );
    await refused(
      url,
      { startsAt: '2026-03-10T08:00:00Z', endsAt: '2026-03-11T00:00:00Z' },
      'startsAt',
      /overlaps override/,
      409,
      'conflict',
    );

    const cover = `/api/v1/schedules/${schedule.id}/cover-requests`;
    await refused(cover, { ...span, endsAt: span.startsAt }, 'endsAt', /after startsAt/);
    await refused(
      cover,
      { startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-02-02T00:00:00Z' },
      'endsAt',
      /future/,
    );

    assertApiError(await post('/api/v1/schedules/nope/overrides', span), 404, 'not_found');
    assertApiError(await post('/api/v1/schedules/nope/cover-requests', span, ada), 404, 'not_found');
  });
});
