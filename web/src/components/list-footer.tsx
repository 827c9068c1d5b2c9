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
  const count = total ?? shown;
  return (
    <div className="list-footer">
      <span className="muted" aria-live="polite">
        Showing {shown.toLocaleString()}
        {total !== undefined ? ` of ${total.toLocaleString()}` : ''} {count === 1 ? singular(noun) : noun}
      </span>
      {hasMore ? (
        <Button onClick={onMore} pending={loading} pendingLabel="Loading…">
          Load more
        </Button>
      ) : null}
    </div>
  );
}

/** "entries" → "entry", "windows" → "window": the nouns these lists count. */
function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  return noun.endsWith('s') ? noun.slice(0, -1) : noun;
}
