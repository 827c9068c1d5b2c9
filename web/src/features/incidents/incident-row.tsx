import type { Ref } from 'react';
import { Link } from '../../app/router.js';
import { SampleBadge } from '../../components/badge.js';
import { RelativeTime } from '../../components/relative-time.js';
import { PriorityBadge, SeverityBadge, StatusBadge } from '../../components/status-badge.js';
import type { Incident } from './incidents.api.js';

/** One row of the incident list: the keyboard cursor, the selection box (responders), the incident. */
export function IncidentRow({
  incident: i,
  isCursor,
  isSelected,
  selectable,
  now,
  personName,
  linkRef,
  onFocus,
  onToggle,
}: {
  incident: Incident;
  isCursor: boolean;
  isSelected: boolean;
  selectable: boolean;
  now: number;
  personName: (userId: string) => string;
  /** The title link, which the keyboard cursor focuses. */
  linkRef: Ref<HTMLAnchorElement>;
  onFocus: () => void;
  onToggle: () => void;
}) {
  return (
    <tr
      className={`${isCursor ? 'row-cursor' : ''} ${isSelected ? 'row-selected' : ''}`}
      onFocus={onFocus}
      data-incident={i.number}
    >
      {selectable ? (
        <td className="cell-check">
          <input
            type="checkbox"
            aria-label={`Select #${i.number} ${i.title}`}
            checked={isSelected}
            onChange={onToggle}
          />
        </td>
      ) : null}
      <td className="num mono-soft">{i.number}</td>
      <td className="cell-title">
        <Link
          to={`/incidents/${i.number}`}
          className="row-link"
          ref={linkRef}
          aria-current={isCursor ? 'true' : undefined}
          aria-label={`#${i.number} ${i.title}`}
        >
          {i.title}
        </Link>{' '}
        <SampleBadge show={i.isSample} />
        {i.snoozedUntil && new Date(i.snoozedUntil).getTime() > now ? (
          <span className="muted small"> · snoozed</span>
        ) : null}
      </td>
      <td>
        <StatusBadge status={i.status} />
      </td>
      <td>
        <SeverityBadge severity={i.severity} />
      </td>
      <td>
        <PriorityBadge priority={i.priority} byHand={i.priorityOverridden} />
      </td>
      <td className="cell-service">
        {i.service ? (
          <Link to={`/services/${i.service.id}`} title={i.service.name}>
            {i.service.name}
          </Link>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="nowrap" data-label="Created">
        <RelativeTime iso={i.createdAt} now={now} />
      </td>
      <td className="cell-people" data-label="Assigned:">
        {i.assignees.length ? i.assignees.map(personName).join(', ') : <span className="muted">Nobody</span>}
      </td>
    </tr>
  );
}
