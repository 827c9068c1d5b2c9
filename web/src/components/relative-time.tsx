import { formatDateTime, formatRelative } from '../lib/format.js';

/** "5 minutes ago", with the exact date and time on hover (and in the machine-readable dateTime). */
export function RelativeTime({ iso, now }: { iso: string | null | undefined; now?: number }) {
  if (!iso) return <span className="muted">—</span>;
  const exact = formatDateTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {formatRelative(iso, now)}
    </time>
  );
}
