import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { IntegrationsTable } from './integrations.table.js';

export type IntegrationRow = Selectable<IntegrationsTable>;

export function integrationsOf(db: Db, serviceId: string): Promise<IntegrationRow[]> {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('service_id', '=', serviceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findIntegration(db: Db, serviceId: string, id: string): Promise<IntegrationRow | undefined> {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findIntegrationByKey(db: Db, key: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('key', '=', key).executeTakeFirst();
}
