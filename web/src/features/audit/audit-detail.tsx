import type { AuditEntry } from '../../lib/types.js';
import { diffFields } from './audit-diff.js';

const kindLabel = { added: 'Added', removed: 'Removed', changed: 'Changed', same: 'Unchanged' } as const;

/** The expanded part of an audit row: the field diff and where the request came from. */
export function AuditDetail({ entry }: { entry: AuditEntry }) {
  const changes = diffFields(entry.before, entry.after);
  const changed = changes.filter((c) => c.kind !== 'same');
  const same = changes.filter((c) => c.kind === 'same');
  return (
    <div className="audit-detail">
      <dl className="details details-inline">
        <dt>IP</dt>
        <dd>{entry.ip ?? '—'}</dd>
        <dt>Request</dt>
        <dd>
          <code>{entry.requestId ?? '—'}</code>
        </dd>
        <dt>Actor ID</dt>
        <dd>
          <code>{entry.actor?.id ?? '—'}</code>
        </dd>
      </dl>
      {changes.length === 0 ? (
        <p className="muted small">No field values were recorded for this action.</p>
      ) : (
        <table className="diff-table">
          <caption className="visually-hidden">Field changes</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {[...changed, ...same].map((c) => (
              <tr key={c.path} className={`diff-${c.kind}`}>
                <th scope="row">
                  <code>{c.path}</code>
                  <span className="visually-hidden"> ({kindLabel[c.kind]})</span>
                </th>
                <td className="diff-before">
                  {c.before === undefined ? <span className="muted">—</span> : <code>{c.before}</code>}
                </td>
                <td className="diff-after">
                  {c.after === undefined ? <span className="muted">—</span> : <code>{c.after}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
