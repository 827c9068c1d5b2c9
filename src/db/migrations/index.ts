import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './2026-11-27-0001-foundation.js';
import * as services from './2026-11-27-0002-services.js';
import * as incidents from './2026-11-27-0003-incidents.js';
import * as alerts from './2026-11-27-0004-alerts.js';
import * as alertRules from './2026-11-27-0005-alert-rules.js';
import * as incidentCategories from './2026-11-27-0006-incident-categories.js';
import * as escalation from './2026-11-27-0009-escalation.js';
import * as schedules from './2026-11-27-0007-schedules.js';
import * as notifications from './2026-11-27-0008-notifications.js';
import * as monitors from './2026-11-27-0010-monitors.js';
import * as monitorStateChanges from './2026-11-28-0011-monitor-state-changes.js';
import * as alertEventChain from './2026-11-28-0012-alert-event-chain.js';
import * as foreignKeyIndexes from './2026-11-29-0013-foreign-key-indexes.js';

/**
 * Every migration, in order, listed explicitly (no directory scanning): a new migration is a new
 * dated file and one line here. Names never change once released.
 */
const migrations: Record<string, Migration> = {
  '2026-11-27-0001-foundation': foundation,
  '2026-11-27-0002-services': services,
  '2026-11-27-0003-incidents': incidents,
  '2026-11-27-0004-alerts': alerts,
  '2026-11-27-0005-alert-rules': alertRules,
  '2026-11-27-0006-incident-categories': incidentCategories,
  '2026-11-27-0009-escalation': escalation,
  '2026-11-27-0007-schedules': schedules,
  '2026-11-27-0008-notifications': notifications,
  '2026-11-27-0010-monitors': monitors,
  '2026-11-28-0011-monitor-state-changes': monitorStateChanges,
  '2026-11-28-0012-alert-event-chain': alertEventChain,
  '2026-11-29-0013-foreign-key-indexes': foreignKeyIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
