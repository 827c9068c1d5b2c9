import type { Db } from '../../db/database.js';
import { isUniqueViolation, lockTransaction } from '../../db/dialect.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { iso } from '../../lib/time.js';
import { recordAudit } from '../audit/index.js';
import {
  freeSlug,
  isReservedCategoryId,
  maxCategories,
  sameLabel,
  slugFromLabel,
} from './incident-categories.domain.js';
import {
  findCategory,
  insertCategory,
  listCategoryRows,
  updateCategory,
  writeCategoryPositions,
  type CategoryRow,
} from './incident-categories.repository.js';
import type { CategoryView, CreateCategoryInput, UpdateCategoryInput } from './incident-categories.schema.js';

/**
 * Incident categories as admins manage them. Every change runs in one transaction holding the
 * categories lock (labels are checked unique, positions read then written) with its audit row.
 */

export function presentCategory(r: CategoryRow): CategoryView {
  return {
    id: r.id,
    label: r.label,
    description: r.description,
    position: r.position,
    archived: r.archived === 1,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const issue = (code: 'validation_failed' | 'already_exists', field: string, message: string) =>
  new AppError(code, `${field}: ${message}`, { issues: [{ in: 'body', path: [field], message }] });

async function requireCategory(db: Db, id: string): Promise<CategoryRow> {
  const row = await findCategory(db, id);
  if (!row) throw notFound('Incident category', id);
  return row;
}

function labelFree(rows: readonly CategoryRow[], label: string, self?: string): void {
  const other = rows.find((r) => r.id !== self && sameLabel(r.label, label));
  if (other) {
    const state = other.archived ? ' (archived: unarchive it instead)' : '';
    throw issue('already_exists', 'label', `is already the label of ${other.id}${state}`);
  }
}

async function changing<T>(ctx: ServiceContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await lockTransaction(ctx.kind, trx, 'incident_categories');
      return fn(trx);
    });
  } catch (err) {
    // Only a category id can collide here, and only by a concurrent create on another node.
    if (isUniqueViolation(err)) throw issue('already_exists', 'id', 'is already used by another category');
    throw err;
  }
}

export async function listCategories(
  ctx: ServiceContext,
  includeArchived: boolean,
): Promise<{ items: CategoryView[] }> {
  return { items: (await listCategoryRows(ctx.db, includeArchived)).map(presentCategory) };
}

/** Adds a category last. Its id is the one given, or a free slug of the label. */
export function createCategory(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateCategoryInput,
): Promise<CategoryView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const rows = await listCategoryRows(trx, true);
    if (rows.length >= maxCategories) {
      throw new AppError('conflict', `There are already ${maxCategories} categories; archive or rename one.`);
    }
    labelFree(rows, input.label);
    const taken = new Set(rows.map((r) => r.id));
    if (input.id !== undefined && (taken.has(input.id) || isReservedCategoryId(input.id))) {
      throw issue('already_exists', 'id', 'is already used by another category');
    }
    const row: CategoryRow = {
      id: input.id ?? freeSlug(slugFromLabel(input.label), taken),
      label: input.label,
      description: input.description,
      position: rows.length === 0 ? 0 : Math.max(...rows.map((r) => r.position)) + 1,
      archived: 0,
      created_at: now,
      updated_at: now,
    };
    await insertCategory(trx, row);
    const after = presentCategory(row);
    await recordAudit(trx, now, actor, {
      action: 'incident_category.created',
      resourceType: 'incident_category',
      resourceId: row.id,
      after,
    });
    return after;
  });
}

/**
 * Renames, describes, archives or unarchives a category. Its id never changes (incidents store
 * it). Audited as `archived`/`unarchived` when only that flag changed, else `updated`; a request
 * that changes nothing writes nothing.
 */
export function updateCategoryDetails(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateCategoryInput,
): Promise<CategoryView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const current = await requireCategory(trx, id);
    const next: CategoryRow = {
      ...current,
      ...(input.label !== undefined && { label: input.label }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.archived !== undefined && { archived: input.archived ? 1 : 0 }),
    };
    const textChanged = next.label !== current.label || next.description !== current.description;
    if (!textChanged && next.archived === current.archived) return presentCategory(current);
    if (next.label !== current.label) labelFree(await listCategoryRows(trx, true), next.label, id);
    next.updated_at = now;
    await updateCategory(trx, id, {
      label: next.label,
      description: next.description,
      archived: next.archived,
      updated_at: now,
    });
    const after = presentCategory(next);
    const verb = textChanged ? 'updated' : next.archived ? 'archived' : 'unarchived';
    await recordAudit(trx, now, actor, {
      action: `incident_category.${verb}`,
      resourceType: 'incident_category',
      resourceId: id,
      before: presentCategory(current),
      after,
    });
    return after;
  });
}

/** Puts every category in the given order; `ids` must name each of them exactly once. */
export function reorderCategories(
  ctx: ServiceContext,
  actor: Actor,
  ids: readonly string[],
): Promise<{ items: CategoryView[] }> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const rows = await listCategoryRows(trx, true);
    const known = new Set(rows.map((r) => r.id));
    const given = new Set(ids);
    if (given.size !== ids.length || given.size !== known.size || ids.some((i) => !known.has(i))) {
      throw issue(
        'validation_failed',
        'ids',
        'must list every category, archived ones included, exactly once',
      );
    }
    const before = rows.map((r) => r.id);
    if (before.every((i, n) => ids[n] === i)) return { items: rows.map(presentCategory) };
    await writeCategoryPositions(trx, ids, now);
    await recordAudit(trx, now, actor, {
      action: 'incident_category.reordered',
      resourceType: 'incident_category',
      resourceId: null,
      before: { ids: before },
      after: { ids },
    });
    return { items: (await listCategoryRows(trx, true)).map(presentCategory) };
  });
}

/**
 * Throws a 400 naming `field` unless `id` is a category that can be chosen now: it exists and is
 * not archived. Incidents that already have an archived category keep it (callers check only a
 * change).
 */
export async function requireSelectableCategory(db: Db, id: string, field = 'category'): Promise<void> {
  const row = await findCategory(db, id);
  if (!row) throw issue('validation_failed', field, `no such category: ${id}`);
  if (row.archived) throw issue('validation_failed', field, `${row.label} is archived`);
}
