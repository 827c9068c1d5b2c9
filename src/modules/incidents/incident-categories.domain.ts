/**
 * Pure rules of incident categories: how an id is derived from a label, and which id to take
 * when that one is used. docs/incidents.md explains them for people.
 */

/** The shape of a category id: lower-case words of a–z and 0–9 joined by single underscores. */
export const categoryIdPattern = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
export const categoryIdMaxLength = 64;
/** Every category, archived ones included: pickers and reports list them all. */
export const maxCategories = 200;
/** Ids a category cannot have because a route path uses them (`/incident-categories/reorder`). */
const reservedIds = new Set(['reorder']);

/**
 * The id a label gives: accents dropped, everything that is not a–z or 0–9 turned into single
 * underscores, trimmed, at most 64 characters ("Data integration" → `data_integration`,
 * "Réseau / DNS" → `reseau_dns`). "category" when nothing of the label is left.
 */
export function slugFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, categoryIdMaxLength)
    .replace(/^_+|_+$/g, '');
  return slug || 'category';
}

/**
 * The first of `slug`, `slug_2`, `slug_3`… that is neither `taken` nor reserved, cut so that the
 * suffix still fits in 64 characters.
 */
export function freeSlug(slug: string, taken: ReadonlySet<string>): string {
  const free = (id: string) => !taken.has(id) && !reservedIds.has(id);
  if (free(slug)) return slug;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const id = `${slug.slice(0, categoryIdMaxLength - suffix.length).replace(/_+$/, '')}${suffix}`;
    if (free(id)) return id;
  }
}

/** True when a route path uses `id`, so no category may have it. */
export function isReservedCategoryId(id: string): boolean {
  return reservedIds.has(id);
}

/** Labels compare as people read them: trimmed, case and accents ignored. */
export function sameLabel(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), 'en', { sensitivity: 'base' }) === 0;
}
