import { RichText } from './rich-text.js';
import { fieldRows, typeLabel, type OpenApiDoc, type Schema } from './openapi.js';

/** A schema as a table of fields (name, type, required, description), or its type when not an object. */
export function SchemaFields({
  doc,
  schema,
  caption,
}: {
  doc: OpenApiDoc;
  schema: Schema | undefined;
  caption: string;
}) {
  const rows = fieldRows(doc, schema);
  if (rows.length === 0) {
    return (
      <p className="small">
        <span className="muted">Type:</span> <code>{typeLabel(doc, schema)}</code>
      </p>
    );
  }
  return (
    <table className="ref-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.depth}-${r.name}-${i}`}>
            <th scope="row" style={{ paddingLeft: `${0.5 + r.depth * 1.25}rem` }}>
              {r.depth > 0 ? (
                <span className="muted" aria-hidden="true">
                  ↳{' '}
                </span>
              ) : null}
              <code>{r.name}</code>
              {r.required ? <span className="req">required</span> : null}
            </th>
            <td>
              <code className="type">{r.type}</code>
            </td>
            <td className="small">
              {r.description ? <RichText text={r.description} /> : <span className="muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
