/**
 * An incident category. `id` is a stable slug (`software_bug`): incidents store it, so it never
 * changes; the label does. Categories are archived, never deleted, so every stored id resolves.
 */
export interface IncidentCategoriesTable {
  id: string;
  label: string;
  description: string;
  /** 0…n-1 over every category, archived ones included: the order lists and pickers show. */
  position: number;
  /** 1: kept for the incidents that have it, but not offered for new ones. */
  archived: number;
  created_at: number;
  updated_at: number;
}
