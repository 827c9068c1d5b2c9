import { RelativeTime } from '../../components/relative-time.js';
import { Button } from '../../components/button.js';
import type { Service } from '../../lib/types.js';
import type { Silence } from './silences.api.js';

/** Silences as a table: what they match, why, who, when; Expire for those not over yet. */
export function SilencesTable({
  items,
  services,
  now,
  onExpire,
  busy,
}: {
  items: Silence[];
  services: Service[] | undefined;
  now: number;
  /** null: the viewer may not expire silences. */
  onExpire: ((s: Silence) => void) | null;
  busy: boolean;
}) {
  const serviceName = (id: string | null): string =>
    id === null ? 'Any service' : (services?.find((s) => s.id === id)?.name ?? 'Removed service');
  return (
    <div className="table-wrap">
      <table className="table silences-table">
        <thead>
          <tr>
            <th scope="col">Matches</th>
            <th scope="col">Comment</th>
            <th scope="col">Service</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Created by</th>
            {onExpire ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody aria-busy={busy || undefined}>
          {items.map((s) => (
            <tr key={s.id} data-silence={s.id}>
              <td>
                <ul className="matcher-chips" aria-label="Matchers">
                  {s.matchers.map((m, i) => (
                    <li key={i} className="chip mono-soft">
                      {m.label} {m.op} {m.value}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="clamp-cell">{s.comment || <span className="muted">No comment</span>}</td>
              <td>{serviceName(s.serviceId)}</td>
              <td className="nowrap">
                <RelativeTime iso={s.startsAt} now={now} />
              </td>
              <td className="nowrap">
                <RelativeTime iso={s.endsAt} now={now} />
              </td>
              <td>{s.createdBy.name}</td>
              {onExpire ? (
                <td className="nowrap">
                  {s.state !== 'expired' ? (
                    <Button
                      size="sm"
                      onClick={() => onExpire(s)}
                      aria-label={`Expire silence: ${s.comment || s.id}`}
                    >
                      Expire
                    </Button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
