import { Button } from './button.js';

/** Below a paged list: how many are shown, and "Load more" while the server has more. */
export function ListFooter({
  shown,
  total,
  hasMore,
  loading,
  onMore,
  noun,
}: {
  shown: number;
  total?: number | undefined;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  noun: string;
}) {
  if (shown === 0) return null;
  return (
    <div className="list-footer">
      <span className="muted" aria-live="polite">
        Showing {shown.toLocaleString()}
        {total !== undefined ? ` of ${total.toLocaleString()}` : ''} {noun}
      </span>
      {hasMore ? (
        <Button onClick={onMore} pending={loading} pendingLabel="Loading…">
          Load more
        </Button>
      ) : null}
    </div>
  );
}
