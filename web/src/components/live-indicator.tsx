import { useLiveStatus, type LiveStatus } from '../lib/live.js';

const words: Record<LiveStatus, { label: string; title: string }> = {
  live: { label: 'Live', title: 'Changes appear as they happen.' },
  connecting: {
    label: 'Connecting…',
    title: 'Connecting for live updates; the page refreshes every minute meanwhile.',
  },
  reconnecting: {
    label: 'Reconnecting…',
    title: 'Live updates are interrupted; the page refreshes every minute until they are back.',
  },
};

/** Whether the page is kept current by the live stream; the dot's colour repeats the word. */
export function LiveIndicator() {
  const status = useLiveStatus();
  const { label, title } = words[status];
  return (
    <span className={`live-indicator live-${status}`} role="status" title={title} data-live={status}>
      <span className="live-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
