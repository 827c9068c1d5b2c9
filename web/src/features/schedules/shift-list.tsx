import { spanText } from './calendar-model.js';
import { ms, type Span, type Timeline } from './schedules.api.js';

/** The final schedule of the shown range as a table: the same facts as the bars, for reading. */
export function ShiftList({
  final,
  users,
  timeZone,
}: {
  final: Span[];
  users: Timeline['users'];
  timeZone: string;
}) {
  return (
    <details className="shift-list">
      <summary>
        Final schedule as a list ({final.length} {final.length === 1 ? 'shift' : 'shifts'})
      </summary>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {final.map((s, i) => (
              <tr key={i} className={s.userId === null ? 'row-muted' : undefined}>
                <td>{s.userId === null ? 'Nobody on call' : (users[s.userId]?.name ?? 'Unknown')}</td>
                <td>{spanText(ms(s.start), ms(s.end), timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
