import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { groupByTag, type OpenApiDoc } from './openapi.js';
import { OperationView } from './operation-view.js';
import { RichText, tagLabel } from './rich-text.js';

/** Renders Keel's own OpenAPI document (`/api/openapi.json`) as a readable reference. */
export function ApiReferencePage() {
  const [q, setQ] = useState('');
  const doc = useQuery({
    queryKey: ['openapi'],
    queryFn: () => api<OpenApiDoc>('/api/openapi.json'),
    staleTime: Infinity,
  });
  const groups = useMemo(() => (doc.data ? groupByTag(doc.data) : []), [doc.data]);
  const needle = q.toLowerCase();
  const shown = groups
    .map((g) => ({
      ...g,
      ops: g.ops.filter(
        (o) =>
          !needle || `${o.method} ${o.path} ${o.op.summary ?? ''} ${g.tag}`.toLowerCase().includes(needle),
      ),
    }))
    .filter((g) => g.ops.length > 0);
  const total = groups.reduce((n, g) => n + g.ops.length, 0);

  return (
    <>
      <PageHeader
        title="API reference"
        meta={doc.data?.info?.version ? `Version ${doc.data.info.version} · ${total} operations` : null}
        description={
          <>
            Every endpoint of this Keel server. Authenticate with a session cookie (plus{' '}
            <code>X-CSRF-Token</code> on changes) or with an API key as{' '}
            <code>Authorization: Bearer &lt;key&gt;</code>. The raw document is at{' '}
            <a href="/api/openapi.json">/api/openapi.json</a>.
          </>
        }
      />
      {doc.isPending ? (
        <Loading label="Loading the API description…" />
      ) : doc.isError ? (
        <LoadError error={doc.error} onRetry={() => void doc.refetch()} />
      ) : (
        <div className="ref-layout">
          <nav className="ref-nav" aria-label="API sections">
            <ul>
              {shown.map((g) => (
                <li key={g.tag}>
                  <a href={`#tag-${g.tag}`}>
                    {tagLabel(g.tag)} <span className="muted">{g.ops.length}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ref-content">
            <div className="toolbar">
              <SearchBox
                label="Filter operations"
                placeholder="Filter by path, method or summary…"
                onSearch={setQ}
              />
            </div>
            {shown.length === 0 ? (
              <EmptyState title={total === 0 ? 'No operations described' : 'No operations match'}>
                {total === 0
                  ? 'The server published an empty API description.'
                  : 'Try part of a path, like “teams”, or a method, like “post”.'}
              </EmptyState>
            ) : (
              shown.map((g) => (
                <section
                  key={g.tag}
                  id={`tag-${g.tag}`}
                  className="ref-group"
                  aria-labelledby={`tag-h-${g.tag}`}
                >
                  <h2 id={`tag-h-${g.tag}`}>{tagLabel(g.tag)}</h2>
                  {g.description ? (
                    <p className="muted">
                      <RichText text={g.description} />
                    </p>
                  ) : null}
                  {g.ops.map((o) => (
                    <OperationView key={o.id} doc={doc.data} entry={o} />
                  ))}
                </section>
              ))
            )}
          </div>
        </div>
      )}
    </>
  );
}
