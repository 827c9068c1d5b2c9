import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import {
  impacts,
  incidentSeverities,
  incidentStatuses,
  noteMaxLength,
  priorities,
  snoozeMaxMinutes,
  urgencies,
} from './incidents.domain.js';
import { titleMaxLength } from './incidents.service.js';
import { categoryIdMaxLength } from './incident-categories.domain.js';

const id = z.string().min(1).max(64);
const title = z.string().trim().min(1, 'is required').max(titleMaxLength);
const description = z.string().max(20_000);
const category = z
  .string()
  .min(1)
  .max(categoryIdMaxLength)
  .describe('An incident category id (GET /api/v1/incident-categories); not an archived one.');

/** An incident's id, or its number ("42"). */
export const incidentParams = z.object({ id: id.describe('The incident id, or its number (42 for #42).') });

export const createIncidentBody = z.strictObject({
  title,
  description: description.default(''),
  serviceId: id.nullable().default(null),
  severity: z.enum(incidentSeverities).default('SEV3'),
  urgency: z.enum(urgencies).default('high'),
  impact: z
    .enum(impacts)
    .optional()
    .describe('Default: from the severity (SEV1–2 high, SEV3 medium, SEV4 low).'),
  priority: z.enum(priorities).nullable().default(null).describe('Set over the impact × urgency matrix.'),
  category: category.nullable().default(null),
});
export type CreateIncidentInput = z.infer<typeof createIncidentBody>;

export const updateIncidentBody = z.strictObject({
  title: title.optional(),
  description: description.optional(),
  category: category.nullable().optional(),
});
export type UpdateIncidentInput = z.infer<typeof updateIncidentBody>;

export const resolveBody = z.strictObject({ note: z.string().max(2000).optional() });

export const noteBody = z.strictObject({
  body: z
    .string()
    .max(noteMaxLength)
    .refine((s) => s.trim().length > 0, 'is required')
    .describe('Markdown, stored as sent; the UI renders it sanitised.'),
});

export const assignBody = z.strictObject({
  userIds: z.array(id).max(20).describe('The complete set of assignees; [] unassigns everyone.'),
});

export const severityBody = z.strictObject({ severity: z.enum(incidentSeverities) });
export const priorityBody = z.strictObject({
  priority: z.enum(priorities).nullable().describe('null: back to the impact × urgency matrix.'),
});
export const impactBody = z.strictObject({ impact: z.enum(impacts) });

export const rolesBody = z.strictObject({
  commander: id.nullable().optional(),
  communications: id.nullable().optional(),
  scribe: id.nullable().optional(),
});
export type RolesInput = z.infer<typeof rolesBody>;

export const snoozeBody = z.strictObject({ minutes: z.number().int().min(1).max(snoozeMaxMinutes) });
export const mergeBody = z.strictObject({
  intoId: id.describe('The incident (id or number) to merge into.'),
});

export const incidentSorts = ['-created_at', 'created_at', 'priority', 'number'] as const;
export type IncidentSort = (typeof incidentSorts)[number];

const statusList = z
  .string()
  .max(100)
  .transform((s) => [...new Set(s.split(',').map((t) => t.trim()))])
  .pipe(z.array(z.enum(incidentStatuses, { error: 'must be triggered, acknowledged or resolved' })))
  .describe('One status or a comma list: triggered,acknowledged');

export const listIncidentsQuery = z.object({
  status: statusList.optional(),
  service: id.optional(),
  team: id.optional().describe('Incidents of the services this team owns.'),
  severity: z.enum(incidentSeverities).optional(),
  priority: z.enum(priorities).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Created at or after.'),
  until: z.iso.datetime({ offset: true }).optional().describe('Created before.'),
  q: z.string().max(200).optional().describe('Words in the title or description, or #42 for incident 42.'),
  sort: z
    .enum(incidentSorts)
    .default('-created_at')
    .describe('-created_at (newest first, default), created_at, priority (P1 first, then newest), number'),
  ...pageQuery,
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;
