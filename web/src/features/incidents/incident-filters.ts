import { incidentStatuses, type IncidentStatus } from './incidents.api.js';

/**
 * The incidents list's filters, kept in the URL query so a filtered list can be bookmarked,
 * shared and reloaded. Defaults are left out of the URL: no `status` means open incidents
 * (triggered and acknowledged), `status=all` means every status.
 */
export interface IncidentFilters {
  statuses: IncidentStatus[];
  service: string;
  severity: string;
  priority: string;
  q: string;
  /** ISO date-times. */
  since: string;
  until: string;
  sort: string;
}

export const openStatuses: IncidentStatus[] = ['triggered', 'acknowledged'];
export const defaultSort = '-created_at';
export const sortOptions = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'priority', label: 'Priority (P1 first)' },
  { value: 'number', label: 'Number' },
];

const validIso = (s: string | null): string => (s && !Number.isNaN(Date.parse(s)) ? s : '');

export function readFilters(search: URLSearchParams): IncidentFilters {
  const raw = search.get('status');
  let statuses: IncidentStatus[];
  if (raw === null || raw === 'open') statuses = [...openStatuses];
  else if (raw === 'all') statuses = [...incidentStatuses];
  else {
    const asked = raw.split(',').map((s) => s.trim());
    statuses = incidentStatuses.filter((s) => asked.includes(s));
    if (statuses.length === 0) statuses = [...openStatuses];
  }
  const sort = search.get('sort') ?? defaultSort;
  return {
    statuses,
    service: search.get('service') ?? '',
    severity: search.get('severity') ?? '',
    priority: search.get('priority') ?? '',
    q: search.get('q') ?? '',
    since: validIso(search.get('since')),
    until: validIso(search.get('until')),
    sort: sortOptions.some((o) => o.value === sort) ? sort : defaultSort,
  };
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The URL query for these filters (defaults left out), without the leading "?". */
export function writeFilters(f: IncidentFilters): string {
  const q = new URLSearchParams();
  if (same(f.statuses, incidentStatuses)) q.set('status', 'all');
  else if (!same(f.statuses, openStatuses))
    q.set('status', incidentStatuses.filter((s) => f.statuses.includes(s)).join(','));
  if (f.service) q.set('service', f.service);
  if (f.severity) q.set('severity', f.severity);
  if (f.priority) q.set('priority', f.priority);
  if (f.q) q.set('q', f.q);
  if (f.since) q.set('since', f.since);
  if (f.until) q.set('until', f.until);
  if (f.sort !== defaultSort) q.set('sort', f.sort);
  return q.toString();
}

/** The API query for these filters. */
export function apiFilters(f: IncidentFilters): Record<string, string> {
  return {
    status: same(f.statuses, incidentStatuses)
      ? ''
      : incidentStatuses.filter((s) => f.statuses.includes(s)).join(','),
    service: f.service,
    severity: f.severity,
    priority: f.priority,
    q: f.q,
    since: f.since,
    until: f.until,
    sort: f.sort,
  };
}

/** Whether anything narrows the list beyond the default "open incidents". */
export function isNarrowed(f: IncidentFilters): boolean {
  return (
    !same(f.statuses, openStatuses) ||
    Boolean(f.service || f.severity || f.priority || f.q || f.since || f.until)
  );
}

/** An ISO time as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> as an ISO time (UTC), or '' when empty. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
