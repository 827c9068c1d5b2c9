import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { newId, sequencedId, shareSequence } from './ids.js';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('newId: UUIDv7 layout, time first', () => {
  const a = newId(1_700_000_000_000);
  const b = newId(1_700_000_000_001);
  assert.match(a, uuidV7);
  assert.ok(a < b);
  assert.equal(a.slice(0, 13), '018bcfe5-6800');
});

test('sequencedId: strictly increasing within a millisecond, UUIDv7 layout, time first', () => {
  const ids = Array.from({ length: 3000 }, (_, i) => sequencedId(1_700_000_000_000 + Math.floor(i / 1000)));
  for (const id of ids) assert.match(id, uuidV7);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(sequencedId(1_700_000_000_005) > ids.at(-1)!);
});

test('sequencedId: a worker thread sharing the sequence continues it, interleaved', async () => {
  const at = 1_800_000_000_000;
  const before = sequencedId(at);
  // The worker takes ids at the same millisecond while this thread does too; together, in the
  // order each was taken, they still sort as taken within each thread and never collide.
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    import(workerData.ids).then((m) => {
      m.useSharedSequence(workerData.sequence);
      const out = [];
      for (let i = 0; i < 2000; i++) out.push(m.sequencedId(workerData.at));
      parentPort.postMessage(out);
    });`;
  const tsx = import.meta.resolve('tsx/esm/api');
  const ids = new URL('./ids.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); ${source.replace(/\n/g, ' ')} })`;
  const worker = new Worker(boot, { eval: true, workerData: { ids, at, sequence: shareSequence() } });
  const mine: string[] = [];
  const theirs = new Promise<string[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  for (let i = 0; i < 2000; i++) mine.push(sequencedId(at));
  const other = await theirs;
  await worker.terminate();
  assert.deepEqual([...mine].sort(), mine);
  assert.deepEqual([...other].sort(), other);
  assert.equal(new Set([...mine, ...other, before]).size, 4001);
  const after = sequencedId(at);
  assert.ok(
    [...mine, ...other].every((id) => id > before && id < after),
    'one sequence for both threads',
  );
});
