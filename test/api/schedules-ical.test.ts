import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { ScheduleView } from '../../src/modules/oncall/schedules/index.js';
import { assertApiError, assertStatus, signedIn, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, type Session } from '../helpers/server.js';

type Event = Record<string, string>;

/**
 * Parses RFC 5545 text as a strict reader would: CRLF only, no physical line over 75 octets,
 * folded lines joined, then the calendar's own properties and its VEVENTs.
 */
function parseCalendar(text: string): { props: Record<string, string>; events: Event[] } {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.doesNotMatch(text, /[^\r]\n|\r[^\n]/, 'only CRLF line endings');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) assert.ok(Buffer.byteLength(line) <= 75, `line over 75 octets: ${line}`);
  const lines = text
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  const props: Record<string, string> = {};
  const events: Event[] = [];
  let current: Event | null = null;
  for (const line of lines.slice(1, -1)) {
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    assert.ok(m, `not a content line: ${line}`);
    const [, name, , value] = m as unknown as [string, string, string, string];
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) current[name] = value;
    else props[name] = value;
  }
  return { props, events };
}

const unescape = (v: string) => v.replace(/\\([\\;,])/g, '$1').replace(/\\n/g, '\n');
const icalMs = (v: string) =>
  Date.parse(v.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

/** iCalendar feeds: secret token URLs, content, folding, UIDs, rotation, wrong tokens. */
describeEachDialect('schedule iCal feeds', (kind) => {
  let api: Api;
  let ada: Session;
  let bob: Session;
  let viewer: Session;
  let schedule: ScheduleView;
  let other: ScheduleView;
  const longName =
    'Équipe paiements — astreinte principale, nuits et week-ends; « prod » 🚨 and a little more';

  before(async () => {
    api = await startApi(kind);
    ada = await signedIn(api, 'responder', { name: 'Ada Responder' });
    bob = await signedIn(api, 'responder', { name: 'Bob, "the builder"' });
    viewer = await signedIn(api, 'viewer');
    const layer = {
      name: 'Days',
      members: [ada.userId, bob.userId],
      rotation: { kind: 'daily', every: 1 },
      startsAt: '2026-01-01T09:00:00Z',
    };
    const make = async (name: string, members: string[]) => {
      const res = await call('POST', '/api/v1/schedules', {
        name,
        timeZone: 'Europe/London',
        layers: [{ ...layer, members }],
      });
      assertStatus(res, 201);
      return res.json<ScheduleView>();
    };
    schedule = await make(longName, [ada.userId, bob.userId]);
    other = await make('Secondary', [bob.userId, ada.userId]);
    // Bob covers part of Ada's Monday 2 March shift.
    assertStatus(
      await call('POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        userId: bob.userId,
        startsAt: '2026-03-02T12:00:00Z',
        endsAt: '2026-03-02T14:00:00Z',
      }),
      201,
    );
  });
  after(() => api.close());

  function call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, who: Session = api.owner) {
    return api.app.inject({
      method,
      url,
      headers: as(who),
      ...(payload !== undefined && { payload: payload as object }),
    });
  }
  async function feedUrl(url: string, who: Session): Promise<string> {
    const res = await call('POST', url, undefined, who);
    assertStatus(res, 200);
    const full = res.json<{ url: string }>().url;
    assert.match(full, /^https?:\/\/[^/]+\/ical\/(schedules|users)\/[\w-]{40,}\.ics$/);
    return new URL(full).pathname;
  }
  const fetchFeed = (path: string): Promise<LightMyRequestResponse> => api.app.inject({ url: path }); // no credentials

  test('a schedule feed: RFC 5545, one event per shift for 30 days back and 90 ahead', async () => {
    const path = await feedUrl(`/api/v1/schedules/${schedule.id}/ical-token`, viewer);
    const res = await fetchFeed(path);
    assertStatus(res, 200);
    assert.match(String(res.headers['content-type']), /^text\/calendar; charset=utf-8/);
    const { props, events } = parseCalendar(res.body);
    assert.equal(props.VERSION, '2.0');
    assert.ok(props.PRODID);
    assert.equal(unescape(props['X-WR-CALNAME']!), `${longName} (on call)`);
    assert.ok(
      res.body.split('\r\n').some((l) => l.startsWith(' ')),
      'the long name is folded',
    );

    // Window: 30 Jan 00:00Z to 30 May 00:00Z; 120 hand-offs, the shift under way at the start,
    // and the override splitting one shift in three.
    assert.equal(events.length, 123);
    assert.equal(events[0]!.DTSTART, '20260130T000000Z');
    assert.equal(events.at(-1)!.DTEND, '20260530T000000Z');
    for (const e of events) {
      assert.match(e.DTSTART!, /^\d{8}T\d{6}Z$/);
      assert.match(e.DTEND!, /^\d{8}T\d{6}Z$/);
      assert.ok(icalMs(e.DTEND!) > icalMs(e.DTSTART!));
      assert.equal(e.DTSTAMP, '20260301T090000Z');
      assert.match(e.UID!, /^[0-9a-f]{32}@keel$/);
    }
    assert.equal(new Set(events.map((e) => e.UID)).size, events.length, 'UIDs are unique');
    // Consecutive: the events tile the window.
    for (let i = 1; i < events.length; i++) assert.equal(events[i]!.DTSTART, events[i - 1]!.DTEND);
    // The hand-off follows 09:00 London across the change to summer time.
    assert.ok(events.some((e) => e.DTSTART === '20260328T090000Z'));
    assert.ok(events.some((e) => e.DTSTART === '20260329T080000Z'));
    const cover = events.find((e) => e.DTSTART === '20260302T120000Z')!;
    assert.equal(cover.DTEND, '20260302T140000Z');
    assert.equal(unescape(cover.SUMMARY!), 'On call: Bob, "the builder"');
    assert.match(cover.SUMMARY!, /Bob\\, "the builder"/, 'commas escaped');
    assert.match(unescape(cover.DESCRIPTION!), /\(override\)/);
  });

  test('UIDs are stable: the same next hour, the same next day for every shift still in view', async () => {
    const path = await feedUrl(`/api/v1/schedules/${schedule.id}/ical-token`, ada);
    const first = parseCalendar((await fetchFeed(path)).body).events;
    api.clock.advance(3_600_000);
    const hour = parseCalendar((await fetchFeed(path)).body).events;
    assert.deepEqual(
      hour.map((e) => [e.UID, e.DTSTART, e.DTEND]),
      first.map((e) => [e.UID, e.DTSTART, e.DTEND]),
    );
    assert.notEqual(hour[0]!.DTSTAMP, first[0]!.DTSTAMP);
    api.clock.advance(86_400_000);
    const day = parseCalendar((await fetchFeed(path)).body).events;
    const byStart = new Map(first.map((e) => [e.DTSTART, e.UID]));
    const shared = day.filter((e) => e !== day[0] && byStart.has(e.DTSTART!));
    assert.ok(shared.length > 100);
    for (const e of shared) assert.equal(e.UID, byStart.get(e.DTSTART!), `UID of the shift at ${e.DTSTART}`);
  });

  test("a person's feed: their shifts on every schedule", async () => {
    const path = await feedUrl('/api/v1/me/ical-token', ada);
    assert.match(path, /^\/ical\/users\//);
    const { props, events } = parseCalendar((await fetchFeed(path)).body);
    assert.equal(unescape(props['X-WR-CALNAME']!), 'Ada Responder: on call');
    const summaries = new Set(events.map((e) => unescape(e.SUMMARY!)));
    assert.deepEqual([...summaries].sort(), [`On call: ${longName}`, 'On call: Secondary'].sort());
    // Every day Ada is on call on exactly one of the two schedules (they alternate oppositely),
    // except where Bob's override takes part of her shift.
    for (const e of events) assert.match(unescape(e.DESCRIPTION!), /^Ada Responder is on call for /);
    const starts = events.map((e) => icalMs(e.DTSTART!));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    assert.ok(!events.some((e) => e.DTSTART === '20260302T120000Z'), 'Bob covers that span');
  });

  test('wrong, malformed and replaced tokens are 404 in the error shape; tokens stored hashed', async () => {
    assertApiError(await fetchFeed(`/ical/schedules/${'x'.repeat(43)}.ics`), 404, 'not_found');
    assertApiError(await fetchFeed('/ical/schedules/short.ics'), 404, 'not_found');
    assertApiError(await fetchFeed(`/ical/users/${'x'.repeat(43)}`), 404, 'not_found');
    const old = await feedUrl(`/api/v1/schedules/${other.id}/ical-token`, bob);
    assertStatus(await fetchFeed(old), 200);
    // A schedule token does not open a person's feed.
    assertApiError(await fetchFeed(old.replace('/schedules/', '/users/')), 404, 'not_found');
    const token = /\/([^/]+)\.ics$/.exec(old)![1]!;
    const rows = await api.db.selectFrom('ical_feeds').selectAll().execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));

    const fresh = await feedUrl(`/api/v1/schedules/${other.id}/ical-token`, bob);
    assert.notEqual(fresh, old);
    assertApiError(await fetchFeed(old), 404, 'not_found');
    assertStatus(await fetchFeed(fresh), 200);
    // Another person's URL for the same schedule is theirs: it keeps working.
    const adas = await feedUrl(`/api/v1/schedules/${other.id}/ical-token`, ada);
    assertStatus(await fetchFeed(fresh), 200);
    assertStatus(await fetchFeed(adas), 200);

    assertApiError(await call('POST', '/api/v1/schedules/nope/ical-token', undefined, ada), 404, 'not_found');
    const audits = await api.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('resource_type', '=', 'ical_feed')
      .execute();
    assert.ok(audits.length >= 4);
    assert.ok(audits.every((a) => a.action === 'ical_feed.created' && !a.after!.includes(token)));

    // Deleting the schedule ends its feeds.
    assertStatus(await call('DELETE', `/api/v1/schedules/${other.id}`), 204);
    assertApiError(await fetchFeed(fresh), 404, 'not_found');
  });
});
