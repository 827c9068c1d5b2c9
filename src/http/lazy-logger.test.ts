import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { LazyChildLogger } from './lazy-logger.js';

function parentLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info', base: { service: 'keel' } },
    {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  ) as unknown as FastifyBaseLogger;
  let children = 0;
  // Counted on the instance: pino's children inherit it, so `this` is whichever logger is asked.
  const child = logger.child;
  logger.child = function (this: FastifyBaseLogger, bindings, options) {
    children++;
    return child.call(this, bindings, options);
  };
  return { logger, lines, children: () => children };
}

test('builds the child only when something logs, then logs with its bindings at every level', () => {
  const { logger, lines, children } = parentLogger();
  const lazy = new LazyChildLogger(logger, { reqId: 'r-1' }, undefined);
  assert.equal(lazy.level, 'info');
  assert.equal(children(), 0);
  lazy.debug('not at this level');
  assert.equal(children(), 1);
  lazy.info({ a: 1 }, 'first');
  lazy.warn('second %s', 'formatted');
  lazy.error(new Error('boom'), 'third');
  assert.equal(children(), 1, 'one child, reused');
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.service, l.msg, l.level]),
    [
      ['r-1', 'keel', 'first', 30],
      ['r-1', 'keel', 'second formatted', 40],
      ['r-1', 'keel', 'third', 50],
    ],
  );
  assert.equal(lines[0]!.a, 1);
  assert.equal((lines[2]!.err as { message: string }).message, 'boom');
});

test('a request that logs nothing costs no child; level changes and grandchildren go to the child', () => {
  const { logger, lines, children } = parentLogger();
  new LazyChildLogger(logger, { reqId: 'r-2' }, undefined);
  assert.equal(children(), 0);
  const lazy = new LazyChildLogger(logger, { reqId: 'r-3' }, undefined);
  lazy.level = 'warn';
  lazy.info('dropped');
  lazy.child({ part: 'x' }).warn('kept');
  assert.equal(logger.level, 'info', 'the parent keeps its level');
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.part, l.msg]),
    [['r-3', 'x', 'kept']],
  );
});
