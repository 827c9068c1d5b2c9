// A small client for Keel's HTTP API as an administrator (session cookie + CSRF token), and the
// checks a benchmark makes against its database afterwards.
import { existsSync, readFileSync } from 'node:fs';
import { openDatabase } from '../../src/db/database.js';

export interface ApiAnswer<T> {
  status: number;
  body: T;
  ms: number;
}

export class KeelApi {
  #cookie = '';
  #csrf = '';

  constructor(readonly base: string) {}

  async login(email: string, password: string): Promise<void> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    this.#cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.#csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const t0 = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        cookie: this.#cookie,
        ...(method !== 'GET' && { 'x-csrf-token': this.#csrf, 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, ms };
  }

  async must<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A service with a PagerDuty integration; `settings` as the services API takes them. */
  async pagerDutyService(
    name: string,
    settings?: Record<string, unknown>,
  ): Promise<{ serviceId: string; integrationId: string; key: string }> {
    const svc = await this.must<{ id: string }>('POST', '/api/v1/services', {
      name,
      ...(settings && { settings }),
    });
    const integration = await this.must<{ id: string; key: string }>(
      'POST',
      `/api/v1/services/${svc.id}/integrations`,
      { type: 'pagerduty', name: `${name} events` },
    );
    return { serviceId: svc.id, integrationId: integration.id, key: integration.key };
  }
}

/** A PagerDuty trigger event, as bench/ingest.lua sends them. */
export function triggerEvent(routingKey: string, dedupKey: string, summary = `Bench event ${dedupKey}`) {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary, source: 'bench', severity: 'error' },
  };
}

/** POSTs one event to /v2/enqueue; resolves the status (0 when nothing answered). */
export async function sendEvent(base: string, body: unknown): Promise<number> {
  try {
    const res = await fetch(`${base}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Runs `count` tasks, at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Adds the "<dedup key> <count>" lines of bench/ingest.lua's output files into `into`. */
export function readAcked(files: string[], into = new Map<string, number>()): Map<string, number> {
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing: wrk did not write its acknowledgements`);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const sp = line.lastIndexOf(' ');
      if (sp <= 0) continue;
      const key = line.slice(0, sp);
      into.set(key, (into.get(key) ?? 0) + Number(line.slice(sp + 1)));
    }
  }
  return into;
}

/**
 * Acknowledged events missing from the database: for each dedup key, how many more 2xx answers
 * there were than stored raw events (alert_events rows) of the integration. Opens the database
 * directly, after the server is gone.
 */
export async function countLost(
  databaseUrl: string,
  integrationIds: string[],
  acked: ReadonlyMap<string, number>,
): Promise<{ lost: number; acknowledged: number; stored: number }> {
  const database = openDatabase(databaseUrl);
  try {
    const rows = await database.db
      .selectFrom('alert_events')
      .select(['dedup_key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('integration_id', 'in', integrationIds)
      .groupBy('dedup_key')
      .execute();
    const stored = new Map(rows.map((r) => [r.dedup_key, Number(r.n)]));
    let lost = 0;
    let acknowledged = 0;
    for (const [key, n] of acked) {
      acknowledged += n;
      lost += Math.max(0, n - (stored.get(key) ?? 0));
    }
    return { lost, acknowledged, stored: rows.reduce((s, r) => s + Number(r.n), 0) };
  } finally {
    await database.close();
  }
}
