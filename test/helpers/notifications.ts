import assert from 'node:assert/strict';
import type { DialectKind } from '../../src/db/dialect.js';
import { JobWorker } from '../../src/jobs/index.js';
import { notifyUsers } from '../../src/modules/oncall/notifications/index.js';
import { signedIn, startApi, type Api } from './api-fixtures.js';
import { as, type Session } from './server.js';

/**
 * Fixtures for the notification tests: a Keel with a fake clock and a job worker the test
 * drives, people with contact methods, incidents, and notifyUsers as the escalation engine
 * calls it (in a transaction). Escalation jobs of the incidents opened here are dropped, so
 * only what a test plans is delivered.
 */
export interface NotifyApi extends Api {
  worker: JobWorker;
  person(name?: string): Promise<Session>;
  addMethod(s: Session, type: string, config: Record<string, unknown>, label?: string): Promise<string>;
  openIncident(fields?: Record<string, unknown>): Promise<{ id: string; number: number }>;
  notify(
    incidentId: string,
    userIds: string[],
    pageKey?: string,
  ): Promise<{ userId: string; planned: number }[]>;
  /** Runs every due job (and what they enqueue that is due) until none is left. */
  runJobs(): Promise<number>;
  /** Moves the clock on by `ms` and runs what became due. */
  advance(ms: number): Promise<number>;
}

let seq = 0;

export async function startNotifyApi(
  kind: DialectKind,
  env: Record<string, string> = {},
): Promise<NotifyApi> {
  const api = await startApi(kind, env);
  const { keel } = api.server;
  const worker = new JobWorker({
    database: keel.database,
    registry: keel.registry,
    clock: api.clock,
    logger: keel.logger,
  });
  const dropEscalations = () => api.db.deleteFrom('jobs').where('name', '=', 'oncall.escalate').execute();
  const runJobs = async () => {
    let total = 0;
    for (let i = 0; i < 50; i++) {
      await dropEscalations();
      const n = await worker.runDue();
      total += n;
      if (n === 0) break;
    }
    return total;
  };
  return {
    ...api,
    worker,
    person: (name) => signedIn(api, 'responder', { name: name ?? `Person ${++seq}` }),
    async addMethod(s, type, config, label = type) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/users/me/contact-methods',
        headers: as(s),
        payload: { type, label, config },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    },
    async openIncident(fields = {}) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: as(api.owner),
        payload: { title: 'Checkout is down', severity: 'SEV1', urgency: 'high', ...fields },
      });
      assert.equal(res.statusCode, 201, res.body);
      await dropEscalations();
      return res.json<{ id: string; number: number }>();
    },
    notify: (incidentId, userIds, pageKey = `page-${++seq}`) =>
      api.db
        .transaction()
        .execute((trx) =>
          notifyUsers(trx, api.clock.now(), { incidentId, userIds, kind: 'trigger', pageKey }),
        ),
    runJobs,
    async advance(ms) {
      api.clock.advance(ms);
      return runJobs();
    },
  };
}
