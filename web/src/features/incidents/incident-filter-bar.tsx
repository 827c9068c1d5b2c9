import { useId, type Ref } from 'react';
import { incidentSeverities } from '../../lib/types.js';
import { SearchBox } from '../../components/search-box.js';
import { useAllServices } from '../services/services.api.js';
import {
  fromLocalInput,
  isNarrowed,
  sortOptions,
  toLocalInput,
  type IncidentFilters,
} from './incident-filters.js';
import { incidentStatuses, priorities, statusLabels } from './incidents.api.js';

/** The incidents list's filters; every change goes to the URL (see incident-filters.ts). */
export function IncidentFilterBar({
  filters,
  onChange,
  onClear,
  searchRef,
}: {
  filters: IncidentFilters;
  onChange: (next: Partial<IncidentFilters>) => void;
  onClear: () => void;
  searchRef?: Ref<HTMLDivElement>;
}) {
  const services = useAllServices();
  const sinceId = useId();
  const untilId = useId();
  const toggle = (s: (typeof incidentStatuses)[number]): void => {
    const on = filters.statuses.includes(s);
    // The last chip stays on: a list of no statuses would always be empty.
    if (on && filters.statuses.length === 1) return;
    onChange({ statuses: on ? filters.statuses.filter((x) => x !== s) : [...filters.statuses, s] });
  };
  const serviceOptions = services.data ?? [];
  const unknownService = filters.service && !serviceOptions.some((s) => s.id === filters.service);

  return (
    <div className="filter-bar">
      <div className="toolbar">
        <div ref={searchRef} className="search-slot">
          <SearchBox
            label="Search incidents by title, description or #number"
            placeholder="Search incidents or #42…"
            initial={filters.q}
            onSearch={(q) => onChange({ q })}
          />
        </div>
        <label className="inline-select">
          <span>Service</span>
          <select value={filters.service} onChange={(e) => onChange({ service: e.target.value })}>
            <option value="">All services</option>
            {unknownService ? (
              <option value={filters.service}>{services.isPending ? 'Loading…' : 'Unknown service'}</option>
            ) : null}
            {serviceOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-select">
          <span>Severity</span>
          <select value={filters.severity} onChange={(e) => onChange({ severity: e.target.value })}>
            <option value="">Any</option>
            {incidentSeverities.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-select">
          <span>Priority</span>
          <select value={filters.priority} onChange={(e) => onChange({ priority: e.target.value })}>
            <option value="">Any</option>
            {priorities.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-select">
          <span>Sort</span>
          <select value={filters.sort} onChange={(e) => onChange({ sort: e.target.value })}>
            {sortOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="toolbar">
        <div className="chip-group" role="group" aria-label="Status">
          {incidentStatuses.map((s) => {
            const on = filters.statuses.includes(s);
            return (
              <button
                key={s}
                type="button"
                className={`filter-chip filter-chip-${s}`}
                aria-pressed={on}
                onClick={() => toggle(s)}
              >
                <span className="filter-chip-check" aria-hidden="true">
                  {on ? '✓' : ''}
                </span>
                {statusLabels[s]}
              </button>
            );
          })}
        </div>
        <div className="inline-select">
          <label htmlFor={sinceId}>From</label>
          <input
            id={sinceId}
            type="datetime-local"
            className="input-datetime"
            value={toLocalInput(filters.since)}
            onChange={(e) => onChange({ since: fromLocalInput(e.target.value) })}
          />
        </div>
        <div className="inline-select">
          <label htmlFor={untilId}>To</label>
          <input
            id={untilId}
            type="datetime-local"
            className="input-datetime"
            value={toLocalInput(filters.until)}
            onChange={(e) => onChange({ until: fromLocalInput(e.target.value) })}
          />
        </div>
        {isNarrowed(filters) ? (
          <button type="button" className="link-button" onClick={onClear}>
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
