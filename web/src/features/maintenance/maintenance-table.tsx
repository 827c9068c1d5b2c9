import { formatRelative } from '../../lib/format.js';
import { formatRangeInZone } from '../../lib/zoned-time.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import type { Service } from '../../lib/types.js';
import { describeRecurrence, stateLabels, type MaintenanceWindow } from './maintenance.api.js';

const stateTones = { scheduled: 'info', in_progress: 'warn', completed: 'neutral' } as const;

function Next({ w, now }: { w: MaintenanceWindow; now: number }) {
  if (!w.nextStartsAt || !w.nextEndsAt) return <span className="muted">No more occurrences</span>;
  const running = new Date(w.nextStartsAt).getTime() <= now;
  return (
    <>
      <div>{formatRangeInZone(w.nextStartsAt, w.nextEndsAt, w.timeZone)}</div>
      <div className="muted small">
        {running
          ? `ends ${formatRelative(w.nextEndsAt, now)}`
          : `starts ${formatRelative(w.nextStartsAt, now)}`}{' '}
        · {w.timeZone}
      </div>
    </>
  );
}

/** Maintenance windows: what, which services, how often, the next (or current) occurrence. */
export function MaintenanceTable({
  items,
  services,
  now,
  busy,
  onEdit,
  onDelete,
}: {
  items: MaintenanceWindow[];
  services: Service[] | undefined;
  now: number;
  busy: boolean;
  /** null: the viewer may not change windows. */
  onEdit: ((w: MaintenanceWindow) => void) | null;
  onDelete: ((w: MaintenanceWindow) => void) | null;
}) {
  const name = (id: string): string => services?.find((s) => s.id === id)?.name ?? 'Removed service';
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Services</th>
            <th scope="col">Repeats</th>
            <th scope="col">Next occurrence</th>
            <th scope="col">State</th>
            {onEdit ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody aria-busy={busy || undefined}>
          {items.map((w) => (
            <tr key={w.id} data-window={w.id}>
              <td>
                <strong>{w.title}</strong>
                {w.description ? <div className="muted small clamp">{w.description}</div> : null}
              </td>
              <td>{w.serviceIds.map(name).join(', ')}</td>
              <td className="nowrap">{describeRecurrence(w.recurrence)}</td>
              <td>
                <Next w={w} now={now} />
              </td>
              <td>
                <Badge tone={stateTones[w.state]}>{stateLabels[w.state]}</Badge>
              </td>
              {onEdit && onDelete ? (
                <td className="nowrap">
                  <Button size="sm" onClick={() => onEdit(w)} aria-label={`Edit ${w.title}`}>
                    Edit
                  </Button>{' '}
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onDelete(w)}
                    aria-label={`Delete ${w.title}`}
                  >
                    Delete
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
