import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { DialectKind } from '../db/dialect.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** What every service function needs: the database, its dialect, the clock, config and a logger. */
export interface ServiceContext {
  readonly db: Db;
  readonly kind: DialectKind;
  readonly clock: Clock;
  readonly config: Config;
  readonly logger: Logger;
}

/** Who is making a change, for authorization decisions in services and for the audit log. */
export interface Actor {
  readonly userId: string | null;
  readonly role: string | null;
  /** As people read it: "Ada Lovelace <ada@example.com>", "API key deploy (Ada…)", "system". */
  readonly label: string;
  readonly via: 'session' | 'api_key' | 'system';
  readonly ip: string | null;
  readonly requestId: string | null;
}

export const systemActor: Actor = Object.freeze({
  userId: null,
  role: null,
  label: 'system',
  via: 'system',
  ip: null,
  requestId: null,
});
