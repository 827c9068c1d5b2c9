import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, navigate, useLocation } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { api, withQuery } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { useLivePollMs } from '../../lib/live.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { LiveIndicator } from '../../components/live-indicator.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { IncidentCreateDialog } from './incident-create-dialog.js';
import { IncidentFilterBar } from './incident-filter-bar.js';
import {
  apiFilters,
  isNarrowed,
  openStatuses,
  readFilters,
  writeFilters,
  type IncidentFilters,
} from './incident-filters.js';
import { ShortcutsDialog } from './incident-shortcuts.js';
import { incidentsKey, type Incident } from './incidents.api.js';
import { actionWords, applies, useIncidentActions, type ActionMessage } from './use-incident-actions.js';
import { IncidentRow } from './incident-row.js';
import { usePeople } from './use-people.js';

/** Text fields where letters are typed, so single-key shortcuts must stay out of the way. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
}

/**
 * Incidents: what is broken now. Filters live in the URL; the list follows the live stream and keeps
 * the focused row and the selection (by incident id) across refreshes. j/k move, x selects,
 * a/r acknowledge or resolve, ? shows the shortcuts.
 */
export function IncidentsPage() {
  const me = useMe();
  const responder = canRespond(me.role);
  const { search } = useLocation();
  const filters = readFilters(search);
  const [resetCount, setResetCount] = useState(0);
  const [creating, setCreating] = useState(false);
  const [help, setHelp] = useState(false);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const now = useNow();
  const pollMs = useLivePollMs();
  const list = usePagedList<Incident>(incidentsKey, '/api/v1/incidents', apiFilters(filters), 50, {
    refetchInterval: pollMs,
  });
  const items = list.items;
  const people = usePeople(items.flatMap((i) => i.assignees));
  const anyAtAll = useQuery({
    queryKey: [incidentsKey, 'any'],
    queryFn: () =>
      api<Page<Incident>>(
        withQuery('/api/v1/incidents', { status: 'triggered,acknowledged,resolved', limit: 1 }),
      ),
    enabled: !list.isPending && items.length === 0,
    refetchInterval: pollMs,
  });

  const rowLinks = useRef(new Map<string, HTMLAnchorElement>());
  const searchSlot = useRef<HTMLDivElement>(null);
  const focusInList = useRef(false);
  const lastIndex = useRef(0);

  const setFilters = (next: Partial<IncidentFilters>): void => {
    const q = writeFilters({ ...filters, ...next });
    navigate(`/incidents${q ? `?${q}` : ''}`, { replace: true });
  };
  const clearFilters = (): void => {
    navigate('/incidents', { replace: true });
    setResetCount((n) => n + 1);
  };

  // Keep the cursor on the same incident across refreshes; when it left the list (resolved out
  // of "open", say), move it to the row that took its place, and keep keyboard focus there.
  const cursorIndex = items.findIndex((i) => i.id === cursorId);
  useEffect(() => {
    if (cursorId === null || items.length === 0) return;
    if (cursorIndex >= 0) {
      lastIndex.current = cursorIndex;
      return;
    }
    const next = items[Math.min(lastIndex.current, items.length - 1)];
    if (!next) return;
    setCursorId(next.id);
    const active = document.activeElement;
    if (focusInList.current && (!active || active === document.body))
      window.requestAnimationFrame(() => rowLinks.current.get(next.id)?.focus());
  }, [cursorId, cursorIndex, items]);

  // Forget selected incidents that are no longer listed.
  useEffect(() => {
    setSelected((sel) => {
      const kept = [...sel].filter((id) => items.some((i) => i.id === id));
      return kept.length === sel.size ? sel : new Set(kept);
    });
  }, [items]);

  const chosen = items.filter((i) => selected.has(i.id));
  const cursor = cursorIndex >= 0 ? items[cursorIndex] : undefined;
  const targets = chosen.length > 0 ? chosen : cursor ? [cursor] : [];
  const targetLabel = chosen.length > 0 ? `${chosen.length} selected` : cursor ? `#${cursor.number}` : '';

  const { run, pending } = useIncidentActions({
    responder,
    targets,
    onMessage: setMessage,
    onResolved: () => setSelected(new Set()),
  });

  const moveCursor = useCallback(
    (delta: number) => {
      if (items.length === 0) return;
      const from = cursorIndex >= 0 ? cursorIndex : delta > 0 ? -1 : items.length;
      const next = items[Math.max(0, Math.min(items.length - 1, from + delta))];
      if (!next) return;
      setCursorId(next.id);
      rowLinks.current.get(next.id)?.focus();
    },
    [items, cursorIndex],
  );

  const toggleSelected = (id: string): void =>
    setSelected((sel) => {
      const next = new Set(sel);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const key = e.key;
      if (key === '?') setHelp(true);
      else if (key === 'j') moveCursor(1);
      else if (key === 'k') moveCursor(-1);
      else if (key === '/') searchSlot.current?.querySelector('input')?.focus();
      else if (key === 'o' && cursor) navigate(`/incidents/${cursor.number}`);
      else if (key === 'x' && cursor && responder) toggleSelected(cursor.id);
      else if (key === 'a' && responder) run('acknowledge');
      else if (key === 'r' && responder) run('resolve');
      else if (key === 'Escape' && selected.size > 0) setSelected(new Set());
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [moveCursor, run, cursor, responder, selected.size]);

  const narrowed = isNarrowed(filters);
  const onlyOpen =
    filters.statuses.length === openStatuses.length &&
    openStatuses.every((s) => filters.statuses.includes(s));
  const add = responder ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      New incident
    </Button>
  ) : null;
  const allChecked = items.length > 0 && items.every((i) => selected.has(i.id));
  const ackable = targets.filter((i) => applies('acknowledge', i)).length;
  const resolvable = targets.filter((i) => applies('resolve', i)).length;

  return (
    <>
      <PageHeader
        title="Incidents"
        description="What is broken, who is on it, and what happened. Alerts from your services open incidents; you can open one by hand too."
        meta={
          <>
            {list.total !== undefined ? (
              <span>
                {list.total.toLocaleString()} {onlyOpen && !narrowed ? 'open' : 'matching'}{' '}
                {list.total === 1 ? 'incident' : 'incidents'}
              </span>
            ) : null}
            <LiveIndicator />
          </>
        }
        actions={
          <>
            <Button onClick={() => setHelp(true)} aria-keyshortcuts="?">
              Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
            </Button>
            {add}
          </>
        }
      />
      <IncidentFilterBar
        key={resetCount}
        filters={filters}
        onChange={setFilters}
        onClear={clearFilters}
        searchRef={searchSlot}
      />
      {responder && items.length > 0 ? (
        <div className="action-bar" role="toolbar" aria-label="Incident actions">
          <span className="action-bar-target muted small">
            {targetLabel
              ? `For ${targetLabel}:`
              : 'Move to an incident with j / k, or tick some, to act on them.'}
          </span>
          <Button
            size="sm"
            onClick={() => run('acknowledge')}
            disabled={ackable === 0}
            pending={pending('acknowledge')}
            pendingLabel={actionWords.acknowledge.doing}
            aria-keyshortcuts="a"
          >
            Acknowledge <kbd aria-hidden="true">a</kbd>
          </Button>
          <Button
            size="sm"
            onClick={() => run('resolve')}
            disabled={resolvable === 0}
            pending={pending('resolve')}
            pendingLabel={actionWords.resolve.doing}
            aria-keyshortcuts="r"
          >
            Resolve <kbd aria-hidden="true">r</kbd>
          </Button>
          {chosen.length > 0 ? (
            <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          ) : null}
        </div>
      ) : null}
      <div
        role="status"
        className={message ? `action-message action-message-${message.tone}` : 'visually-hidden'}
      >
        {message ? message.text : ''}
        {message ? (
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => setMessage(null)}>
            ×
          </button>
        ) : null}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        narrowed && !onlyOpen ? (
          <EmptyState
            title="No incidents match these filters"
            action={<Button onClick={clearFilters}>Clear filters</Button>}
          >
            Try fewer filters, another search or a wider time range.
          </EmptyState>
        ) : narrowed ? (
          <EmptyState
            title="No open incidents match"
            action={<Button onClick={clearFilters}>Clear filters</Button>}
          >
            Try fewer filters, or include resolved incidents.
          </EmptyState>
        ) : anyAtAll.data && anyAtAll.data.items.length > 0 ? (
          <EmptyState
            title="No open incidents"
            action={
              <Button onClick={() => setFilters({ statuses: ['resolved'] })}>Show resolved incidents</Button>
            }
          >
            Nothing needs attention right now. New alerts will show up here within a few seconds.
          </EmptyState>
        ) : (
          <EmptyState
            title="No incidents"
            action={
              <div className="inline-row">
                <Link to="/services" className="btn btn-secondary btn-md">
                  Go to Services
                </Link>
                {add}
              </div>
            }
          >
            Incidents open when a service’s integration receives an alert. Send a test event: open a service,
            copy the example from its integration and run it — the incident shows up here within a few
            seconds.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table incident-table">
            <caption className="visually-hidden">
              Incidents. Press question mark for keyboard shortcuts.
            </caption>
            <thead>
              <tr>
                {responder ? (
                  <th scope="col" className="cell-check">
                    <input
                      type="checkbox"
                      aria-label="Select all listed incidents"
                      checked={allChecked}
                      onChange={() => setSelected(allChecked ? new Set() : new Set(items.map((i) => i.id)))}
                    />
                  </th>
                ) : null}
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Severity</th>
                <th scope="col">Priority</th>
                <th scope="col">Service</th>
                <th scope="col">Created</th>
                <th scope="col">Assignees</th>
              </tr>
            </thead>
            <tbody
              aria-busy={list.isPlaceholder || undefined}
              onFocus={() => {
                focusInList.current = true;
              }}
              onBlur={(e) => {
                const to = e.relatedTarget;
                if (to instanceof Node && !e.currentTarget.contains(to)) focusInList.current = false;
              }}
            >
              {items.map((i) => (
                <IncidentRow
                  key={i.id}
                  incident={i}
                  isCursor={i.id === cursorId}
                  isSelected={selected.has(i.id)}
                  selectable={responder}
                  now={now}
                  personName={people.name}
                  linkRef={(el) => {
                    if (el) rowLinks.current.set(i.id, el);
                    else rowLinks.current.delete(i.id);
                  }}
                  onFocus={() => setCursorId(i.id)}
                  onToggle={() => toggleSelected(i.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ListFooter
        shown={items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="incidents"
      />
      <IncidentCreateDialog open={creating} onClose={() => setCreating(false)} />
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} canAct={responder} />
    </>
  );
}
