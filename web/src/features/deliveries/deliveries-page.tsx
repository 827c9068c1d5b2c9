import { Link, navigate, useLocation } from '../../app/router.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { StateTabs } from '../../components/state-tabs.js';
import { channelDefs } from '../contact-methods/channel-fields.js';
import { DeliveryTable } from './delivery-table.js';
import {
  notificationStatuses,
  notificationsKey,
  statusLabels,
  type Notification,
  type NotificationStatus,
} from './deliveries.api.js';

type Tab = NotificationStatus | 'all';
const tabs: { value: Tab; label: string }[] = [
  { value: 'all', label: 'All' },
  ...notificationStatuses.map((s) => ({ value: s, label: statusLabels[s] })),
];
const emptyText: Record<Tab, string> = {
  all: 'Nothing has been sent yet. Notifications appear here when an incident pages someone, or when a person sends a test from Account → Contact methods.',
  pending: 'Nothing is waiting to be sent.',
  sent: 'No notification has been delivered yet.',
  failed:
    'No failures. A notification that cannot be delivered after its retries shows up here, with its error.',
  skipped:
    'None skipped. A notification is skipped when its incident was acknowledged or resolved before it was due.',
};

const day = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a local calendar day (YYYY-MM-DD) as an instant, `days` days on. */
function localDayStart(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}

interface Filters {
  status: Tab;
  incident: string;
  channel: string;
  /** Local days, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
}

function hrefFor(f: Filters): string {
  const q = new URLSearchParams();
  if (f.status !== 'all') q.set('status', f.status);
  for (const k of ['incident', 'channel', 'from', 'to'] as const) if (f[k]) q.set(k, f[k]);
  return q.size ? `/settings/deliveries?${q.toString()}` : '/settings/deliveries';
}

/**
 * Settings → Deliveries (owners and admins): every notification, its attempts, status and latency,
 * filtered by status, channel and a range of days (in the URL; the server filters).
 */
export function DeliveriesPage() {
  const { search } = useLocation();
  const now = useNow();
  const s = search.get('status');
  const tab: Tab = notificationStatuses.find((x) => x === s) ?? 'all';
  const incident = search.get('incident') ?? '';
  const c = search.get('channel') ?? '';
  const channel = channelDefs.some((d) => d.type === c) ? c : '';
  const f = search.get('from') ?? '';
  const t = search.get('to') ?? '';
  const from = day.test(f) ? f : '';
  const to = day.test(t) && (!from || t >= from) ? t : '';
  const current: Filters = { status: tab, incident, channel, from, to };
  const set = (next: Partial<Filters>): void => navigate(hrefFor({ ...current, ...next }), { replace: true });
  const filters = {
    ...(tab === 'all' ? {} : { status: tab }),
    ...(incident ? { incident } : {}),
    ...(channel ? { channel } : {}),
    ...(from ? { since: localDayStart(from) } : {}),
    ...(to ? { until: localDayStart(to, 1) } : {}),
  };
  const narrowed = Boolean(channel || from || to);
  const list = usePagedList<Notification>(notificationsKey, '/api/v1/notifications', filters, 50, {
    refetchInterval: 15_000,
  });
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every notification Keel sent or tried to send: to whom, through which channel, each attempt with its status code and latency. Failed ones are retried with backoff before they are marked failed."
      />
      <StateTabs
        label="Delivery status"
        tabs={tabs}
        current={tab}
        hrefFor={(v) => hrefFor({ ...current, status: v })}
      />
      <div className="filter-bar">
        <div className="toolbar">
          <label className="inline-select">
            <span>Channel</span>
            <select value={channel} onChange={(e) => set({ channel: e.target.value })}>
              <option value="">All channels</option>
              {channelDefs.map((d) => (
                <option key={d.type} value={d.type}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-select">
            <span>From</span>
            <input
              type="date"
              value={from}
              max={to || undefined}
              onChange={(e) => set({ from: e.target.value })}
            />
          </label>
          <label className="inline-select">
            <span>To</span>
            <input
              type="date"
              value={to}
              min={from || undefined}
              onChange={(e) => set({ to: e.target.value })}
            />
          </label>
          {narrowed ? (
            <Link to={hrefFor({ ...current, channel: '', from: '', to: '' })}>Clear filters</Link>
          ) : null}
        </div>
      </div>
      {incident ? (
        <p className="muted small">
          Notifications of one incident only. <Link to={`/incidents/${incident}`}>Open the incident</Link> ·{' '}
          <Link to={hrefFor({ ...current, incident: '' })}>Show all</Link>
        </p>
      ) : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState title={`No ${tab === 'all' ? '' : `${statusLabels[tab].toLowerCase()} `}notifications`}>
          {narrowed ? 'Nothing matches this channel and these days.' : emptyText[tab]}
        </EmptyState>
      ) : (
        <DeliveryTable items={list.items} now={now} label="Notifications" />
      )}
      <ListFooter
        shown={list.items.length}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="notifications"
      />
    </>
  );
}
