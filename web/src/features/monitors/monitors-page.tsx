import { useState } from 'react';
import { navigate, useLocation } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { useLivePollMs } from '../../lib/live.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { useAllServices } from '../services/services.api.js';
import { ImportMonitorsDialog } from './import-monitors-dialog.js';
import { MonitorFormDialog } from './monitor-form-dialog.js';
import { MonitorsTable } from './monitors-table.js';
import {
  monitorStates,
  monitorTypes,
  monitorsKey,
  stateLabels,
  typeLabels,
  type Monitor,
  type StateFilter,
} from './monitors.api.js';

const filterKeys = ['state', 'type', 'service', 'q'] as const;
type Filters = Record<(typeof filterKeys)[number], string>;

function readFilters(search: URLSearchParams): Filters {
  const state = search.get('state') ?? '';
  const type = search.get('type') ?? '';
  return {
    state: [...monitorStates, 'paused'].includes(state) ? state : '',
    type: (monitorTypes as readonly string[]).includes(type) ? type : '',
    service: search.get('service') ?? '',
    q: search.get('q') ?? '',
  };
}

function hrefFor(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of filterKeys) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `/monitors?${s}` : '/monitors';
}

/**
 * Monitors: every uptime, synthetic and heartbeat check, filtered and paged by the server (the
 * list stays quick at 10,000 monitors). Filters live in the URL.
 */
export function MonitorsPage() {
  const me = useMe();
  const responder = canRespond(me.role);
  const { search } = useLocation();
  const filters = readFilters(search);
  const services = useAllServices();
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const list = usePagedList<Monitor>(monitorsKey, '/api/v1/monitors', filters, 100, {
    refetchInterval: useLivePollMs(),
  });
  const set = (next: Partial<Filters>): void => navigate(hrefFor({ ...filters, ...next }), { replace: true });
  const narrowed = filterKeys.some((k) => filters[k] !== '');
  const serviceName = (id: string): string =>
    services.data?.find((s) => s.id === id)?.name ?? (services.isPending ? '…' : 'Removed service');
  const actions = responder ? (
    <>
      <Button onClick={() => setImporting(true)}>Import</Button>
      <Button variant="primary" onClick={() => setCreating(true)}>
        New monitor
      </Button>
    </>
  ) : null;

  return (
    <>
      <PageHeader
        title="Monitors"
        description="Keel checks your endpoints, certificates, ports, DNS and hosts, and waits for your jobs’ heartbeats. Down, degraded and recovered become alerts on the monitor’s service."
        actions={actions}
      />
      <div className="filter-bar">
        <div className="toolbar">
          <SearchBox
            label="Search monitors by name"
            placeholder="Search names…"
            initial={filters.q}
            onSearch={(q) => set({ q })}
          />
          <label className="inline-select">
            <span>State</span>
            <select value={filters.state} onChange={(e) => set({ state: e.target.value })}>
              <option value="">Any state</option>
              {([...monitorStates, 'paused'] as StateFilter[]).map((s) => (
                <option key={s} value={s}>
                  {stateLabels[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-select">
            <span>Type</span>
            <select value={filters.type} onChange={(e) => set({ type: e.target.value })}>
              <option value="">All types</option>
              {monitorTypes.map((t) => (
                <option key={t} value={t}>
                  {typeLabels[t]}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-select">
            <span>Service</span>
            <select value={filters.service} onChange={(e) => set({ service: e.target.value })}>
              <option value="">All services</option>
              {(services.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        narrowed ? (
          <EmptyState
            title="No monitors match"
            action={<Button onClick={() => navigate('/monitors', { replace: true })}>Clear filters</Button>}
          >
            Try another name, state, type or service.
          </EmptyState>
        ) : (
          <EmptyState title="No monitors yet" action={actions}>
            Create a monitor to have Keel check a URL, a certificate, a port, a DNS record or a host every few
            seconds — or a heartbeat your cron job calls. Import many at once from JSON or CSV.
          </EmptyState>
        )
      ) : (
        <MonitorsTable items={list.items} serviceName={serviceName} now={now} busy={list.isPlaceholder} />
      )}
      <ListFooter
        shown={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="monitors"
      />
      <MonitorFormDialog
        key={creating ? 'new-open' : 'new-closed'}
        open={creating}
        defaultServiceId={filters.service}
        onClose={() => setCreating(false)}
        onSaved={(m) => navigate(`/monitors/${m.id}`)}
      />
      <ImportMonitorsDialog
        key={importing ? 'imp-open' : 'imp-closed'}
        open={importing}
        onClose={() => setImporting(false)}
      />
    </>
  );
}
