import { Fragment, useState } from 'react';
import { formatDateTime } from '../../lib/format.js';
import type { AuditEntry } from '../../lib/types.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Badge } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { AuditDetail } from './audit-detail.js';

const resourceTypes = ['', 'user', 'team', 'api_key', 'session', 'sample_data'];

/** Settings → Audit log: who changed what, newest first; rows expand to a before/after diff. */
export function AuditPage() {
  const [action, setAction] = useState('');
  const [resourceType, setResourceType] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const list = usePagedList<AuditEntry>('audit', '/api/v1/audit', { action, resourceType });
  const toggle = (id: string): void =>
    setOpen((cur) => {
      const next = new Set(cur);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made in Keel, by a person or an API key. Entries cannot be edited or deleted."
      />
      <div className="toolbar">
        <SearchBox
          label="Filter by action"
          placeholder="Filter by action, e.g. user. or team.created…"
          onSearch={setAction}
        />
        <label className="inline-select">
          <span>Resource</span>
          <select value={resourceType} onChange={(e) => setResourceType(e.target.value)}>
            {resourceTypes.map((t) => (
              <option key={t} value={t}>
                {t === '' ? 'All resources' : t}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        action || resourceType ? (
          <EmptyState title="No entries match">
            Try a shorter action text, like “user” or “team”, or clear the filters.
          </EmptyState>
        ) : (
          <EmptyState title="Nothing recorded yet">
            Changes to users, teams, API keys and settings appear here as they happen.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table audit-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Via</th>
              </tr>
            </thead>
            <tbody aria-busy={list.isPlaceholder || undefined}>
              {list.items.map((e) => {
                const expanded = open.has(e.id);
                return (
                  <Fragment key={e.id}>
                    <tr className={expanded ? 'row-expanded' : undefined}>
                      <td className="cell-toggle">
                        <button
                          type="button"
                          className="icon-btn"
                          aria-expanded={expanded}
                          aria-controls={`audit-${e.id}`}
                          aria-label={`${expanded ? 'Hide' : 'Show'} changes for ${e.action}`}
                          onClick={() => toggle(e.id)}
                        >
                          <span className={`chevron ${expanded ? 'chevron-open' : ''}`} aria-hidden="true">
                            ›
                          </span>
                        </button>
                      </td>
                      <td className="nowrap">{formatDateTime(e.at)}</td>
                      <td>{e.actor?.label ?? <span className="muted">System</span>}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>
                        <span className="muted">{e.resourceType}</span>{' '}
                        {e.resourceId ? (
                          <code className="small" title={e.resourceId}>
                            {e.resourceId.length > 12 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId}
                          </code>
                        ) : null}
                      </td>
                      <td>
                        <Badge>{e.via}</Badge>
                      </td>
                    </tr>
                    {expanded ? (
                      <tr id={`audit-${e.id}`} className="row-detail">
                        <td colSpan={6}>
                          <AuditDetail entry={e} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ListFooter
        shown={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="entries"
      />
    </>
  );
}
