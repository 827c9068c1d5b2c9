import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../http/errors.js';
import type { LiveEvent } from './live-events.js';
import { LiveHub } from './live-hub.js';
import { payloadsOf } from './live-relay.js';
import { LiveStream, type SseSink } from './live-stream.js';

/** A response whose socket accepts `room` writes before it reports being full. */
class FakeSink implements SseSink {
  written: string[] = [];
  ended = false;
  room = Infinity;
  readonly #listeners = new Map<string, (() => void)[]>();
  write(chunk: string): boolean {
    this.written.push(chunk);
    this.room -= 1;
    return this.room > 0;
  }
  end(): void {
    this.ended = true;
    this.emit('close');
  }
  once(event: 'drain' | 'close', listener: () => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: 'drain' | 'close'): void {
    const ls = this.#listeners.get(event) ?? [];
    this.#listeners.delete(event);
    for (const l of ls) l();
  }
  /** The socket drained: it takes `room` more writes. */
  drain(room = Infinity): void {
    this.room = room;
    this.emit('drain');
  }
  events(): string[] {
    return this.written.filter((w) => w.startsWith('event:')).map((w) => w.split('\n')[1]!.slice(6));
  }
}

const limits = { maxPending: 3, stallMs: 60_000, maxAgeMs: 900_000 };
const incident = (id: string, status: string): LiveEvent => ({
  type: 'incident.changed',
  data: { incidentId: id, number: 1, status },
});

describe('LiveStream', () => {
  test('writes the retry hint, then frames as they come', () => {
    const sink = new FakeSink();
    const s = new LiveStream('u', sink, limits, () => 0);
    s.open(3000);
    s.send(incident('i1', 'triggered'));
    assert.equal(sink.written[0], 'retry: 3000\n: connected\n\n');
    assert.equal(
      sink.written[1],
      'event: incident.changed\ndata: {"incidentId":"i1","number":1,"status":"triggered"}\n\n',
    );
  });

  test('a full socket gets nothing more; waiting events about the same thing keep only the latest', () => {
    const sink = new FakeSink();
    const s = new LiveStream('u', sink, limits, () => 0);
    sink.room = 1;
    s.send(incident('i1', 'triggered')); // fills the socket
    s.send(incident('i2', 'triggered'));
    s.send(incident('i2', 'acknowledged'));
    s.send(incident('i2', 'resolved'));
    assert.equal(sink.written.length, 1);
    assert.equal(s.backlog, 1);
    sink.drain();
    assert.deepEqual(sink.events(), [
      '{"incidentId":"i1","number":1,"status":"triggered"}',
      '{"incidentId":"i2","number":1,"status":"resolved"}',
    ]);
    assert.equal(s.backlog, 0);
  });

  test('a backlog past maxPending becomes one resync', () => {
    const sink = new FakeSink();
    const s = new LiveStream('u', sink, limits, () => 0);
    sink.room = 1;
    s.send(incident('i0', 'triggered'));
    for (let i = 1; i <= 10; i++) s.send(incident(`i${i}`, 'triggered'));
    assert.ok(s.backlog <= limits.maxPending);
    sink.drain();
    const after = sink.written.slice(1);
    assert.ok(after[0]!.startsWith('event: resync\n'), after[0]);
    assert.ok(after.length <= limits.maxPending, 'never more than the bound');
    assert.equal(s.backlog, 0);
  });

  test('heartbeats while idle; ends at its age; cuts off a client that stopped reading', () => {
    let now = 0;
    const sink = new FakeSink();
    const s = new LiveStream('u', sink, limits, () => now);
    now = 15_000;
    s.tick();
    assert.equal(sink.written.at(-1), ': heartbeat\n\n');
    now = limits.maxAgeMs;
    s.tick();
    assert.ok(sink.ended && s.closed, 'ended at its age');

    const slow = new FakeSink();
    now = 0;
    const t = new LiveStream('u', slow, limits, () => now);
    slow.room = 1;
    t.send(incident('i1', 'triggered'));
    now = limits.stallMs;
    t.tick();
    assert.equal(slow.written.length, 1, 'no heartbeat into a full socket');
    assert.ok(!t.closed);
    now = limits.stallMs + 1;
    t.tick();
    assert.ok(t.closed, 'cut off after stallMs without draining');
  });
});

describe('LiveHub', () => {
  const options = { ...limits, heartbeatMs: 15_000, perUser: 2, max: 3 };

  test('caps streams per user and per node with 429s, and forgets closed streams', () => {
    const hub = new LiveHub(options);
    const a = hub.admit('ada', new FakeSink());
    hub.admit('ada', new FakeSink());
    assert.throws(
      () => hub.admit('ada', new FakeSink()),
      (e: unknown) => e instanceof AppError && e.status === 429 && e.headers['retry-after'] === '30',
    );
    hub.admit('bob', new FakeSink());
    assert.throws(
      () => hub.admit('cy', new FakeSink()),
      (e: unknown) => e instanceof AppError && (e.details as { scope: string }).scope === 'node',
    );
    a.close();
    assert.equal(hub.size, 2);
    hub.admit('ada', new FakeSink());
    hub.close();
    assert.equal(hub.size, 0);
    assert.throws(
      () => hub.admit('ada', new FakeSink()),
      (e: unknown) => e instanceof AppError && e.status === 503,
    );
  });

  test('broadcast reaches every open stream', () => {
    const hub = new LiveHub(options);
    const sinks = [new FakeSink(), new FakeSink()];
    for (const s of sinks) hub.admit('ada', s);
    hub.broadcast(incident('i1', 'resolved'));
    for (const s of sinks) assert.equal(s.events().length, 1);
    hub.close();
    assert.ok(sinks.every((s) => s.ended));
  });
});

test('payloadsOf splits a batch under the NOTIFY size limit and keeps every event', () => {
  const events = Array.from({ length: 200 }, (_, i) =>
    incident(`incident-${i}-${'x'.repeat(40)}`, 'triggered'),
  );
  const payloads = payloadsOf('node-1', events);
  assert.ok(payloads.length > 1);
  const back = payloads.flatMap((p) => {
    assert.ok(Buffer.byteLength(p) < 8000, `${Buffer.byteLength(p)} bytes`);
    const parsed = JSON.parse(p) as { n: string; e: LiveEvent[] };
    assert.equal(parsed.n, 'node-1');
    return parsed.e;
  });
  assert.deepEqual(back, events);
});
