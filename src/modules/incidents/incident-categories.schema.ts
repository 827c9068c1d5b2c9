import { z } from 'zod';
import { categoryIdMaxLength, categoryIdPattern, maxCategories } from './incident-categories.domain.js';

const label = z.string().trim().min(1, 'is required').max(100);
const description = z.string().max(1000);

export const categoryParams = z.object({ id: z.string().min(1).max(categoryIdMaxLength) });

export const listCategoriesQuery = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: archived categories too (they stay on the incidents that have them).'),
});

export const createCategoryBody = z.strictObject({
  id: z
    .string()
    .max(categoryIdMaxLength)
    .regex(categoryIdPattern, 'must be lower-case letters, digits and single underscores (software_bug)')
    .optional()
    .describe(
      'Stable id incidents store. Default: a slug of the label (Data integration → data_integration).',
    ),
  label,
  description: description.default(''),
});
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;

export const updateCategoryBody = z.strictObject({
  label: label.optional(),
  description: description.optional(),
  archived: z
    .boolean()
    .optional()
    .describe('Archived: stays on the incidents that have it, cannot be chosen for others.'),
});
export type UpdateCategoryInput = z.infer<typeof updateCategoryBody>;

export const reorderCategoriesBody = z.strictObject({
  ids: z
    .array(z.string().min(1).max(categoryIdMaxLength))
    .max(maxCategories)
    .describe('Every category, archived ones included, in the new order.'),
});

export const categoryView = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  position: z.number(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CategoryView = z.infer<typeof categoryView>;
