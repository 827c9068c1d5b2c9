import { Link, useLocation } from '../../app/router.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { StateTabs } from '../../components/state-tabs.js';
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

/** Settings → Deliveries (owners and admins): every notification, its attempts, status and latency. */
export function DeliveriesPage() {
  const { search } = useLocation();
  const now = useNow();
  const s = search.get('status');
  const tab: Tab = notificationStatuses.find((x) => x === s) ?? 'all';
  const incident = search.get('incident') ?? '';
  const filters = { ...(tab === 'all' ? {} : { status: tab }), ...(incident ? { incident } : {}) };
  const hrefFor = (v: Tab): string => {
    const q = new URLSearchParams({
      ...(v === 'all' ? {} : { status: v }),
      ...(incident ? { incident } : {}),
    });
    return q.size ? `/settings/deliveries?${q.toString()}` : '/settings/deliveries';
  };
  const list = usePagedList<Notification>(notificationsKey, '/api/v1/notifications', filters, 50, {
    refetchInterval: 15_000,
  });
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every notification Keel sent or tried to send: to whom, through which channel, each attempt with its status code and latency. Failed ones are retried with backoff before they are marked failed."
      />
      <StateTabs label="Delivery status" tabs={tabs} current={tab} hrefFor={hrefFor} />
      {incident ? (
        <p className="muted small">
          Notifications of one incident only. <Link to={`/incidents/${incident}`}>Open the incident</Link> ·{' '}
          <Link to={tab === 'all' ? '/settings/deliveries' : `/settings/deliveries?status=${tab}`}>
            Show all
          </Link>
        </p>
      ) : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState title={`No ${tab === 'all' ? '' : `${statusLabels[tab].toLowerCase()} `}notifications`}>
          {emptyText[tab]}
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
