import { deref, typeLabel, type OpenApiDoc, type OperationEntry } from './openapi.js';
import { RichText } from './rich-text.js';
import { SchemaFields } from './schema-fields.js';

/** One operation: method and path, summary, parameters, request body and responses. */
export function OperationView({ doc, entry }: { doc: OpenApiDoc; entry: OperationEntry }) {
  const { op, method, path, parameters } = entry;
  const body = op.requestBody ? deref(doc, op.requestBody) : undefined;
  const bodyTypes = Object.entries(body?.content ?? {});
  const responses = Object.entries(op.responses ?? {}).map(([code, r]) => [code, deref(doc, r)] as const);

  return (
    <details className="op" id={entry.id}>
      <summary>
        <span className={`method method-${method}`}>{method.toUpperCase()}</span>
        <code className="op-path">{path}</code>
        <span className="op-summary">{op.summary ?? op.operationId ?? ''}</span>
        {op.deprecated ? <span className="badge badge-warn">Deprecated</span> : null}
      </summary>
      <div className="op-body">
        {op.description ? (
          <p className="op-description">
            <RichText text={op.description} />
          </p>
        ) : null}
        {parameters.length > 0 ? (
          <>
            <h4>Parameters</h4>
            <table className="ref-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">In</th>
                  <th scope="col">Type</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {parameters.map((p) => (
                  <tr key={`${p.in}-${p.name}`}>
                    <th scope="row">
                      <code>{p.name}</code>
                      {p.required ? <span className="req">required</span> : null}
                    </th>
                    <td>{p.in}</td>
                    <td>
                      <code className="type">{typeLabel(doc, p.schema)}</code>
                    </td>
                    <td className="small">
                      {p.description ?? deref(doc, p.schema ?? {}).description ?? (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        {bodyTypes.length > 0 ? (
          <>
            <h4>
              Request body {body?.required ? <span className="req">required</span> : null}
              <span className="muted small"> {bodyTypes.map(([t]) => t).join(', ')}</span>
            </h4>
            {body?.description ? (
              <p className="small">
                <RichText text={body.description} />
              </p>
            ) : null}
            <SchemaFields
              doc={doc}
              schema={bodyTypes[0]?.[1].schema}
              caption={`Request body of ${method.toUpperCase()} ${path}`}
            />
          </>
        ) : null}
        {responses.length > 0 ? (
          <>
            <h4>Responses</h4>
            <ul className="responses">
              {responses.map(([code, r]) => {
                const schema = Object.values(r.content ?? {})[0]?.schema;
                return (
                  <li key={code}>
                    <p>
                      <span className={`status status-${code[0] ?? 'x'}xx`}>{code}</span>{' '}
                      <RichText text={r.description ?? ''} />
                    </p>
                    {schema && code.startsWith('2') ? (
                      <SchemaFields doc={doc} schema={schema} caption={`Response ${code}`} />
                    ) : null}
                    {schema && !code.startsWith('2') ? (
                      <p className="small muted">
                        Body: <code className="type">{typeLabel(doc, schema)}</code>
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </div>
    </details>
  );
}
