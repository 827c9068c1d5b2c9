import { useInfiniteQuery } from '@tanstack/react-query';
import { api, withQuery } from './api.js';
import type { Page } from './types.js';

/**
 * A server-paged list (cursor pagination): the first page, then more on demand. Filters are part
 * of the query key, so changing a search starts again from the first page.
 */
export function usePagedList<T>(
  key: string,
  path: string,
  filters: Record<string, string>,
  pageSize = 50,
  options: { refetchInterval?: number | false } = {},
) {
  const queryKey = [key, 'list', filters];
  const query = useInfiniteQuery({
    queryKey,
    // Polling refetches every page loaded so far, so "Load more" pages stay current too.
    refetchInterval: options.refetchInterval ?? false,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<Page<T>>(withQuery(path, { ...filters, limit: pageSize, cursor: pageParam }), { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
  const pages = query.data?.pages ?? [];
  return {
    queryKey,
    items: pages.flatMap((p) => p.items),
    total: pages[0]?.total,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    isFetching: query.isFetching,
    refetch: query.refetch,
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    isLoadingMore: query.isFetchingNextPage,
    isPlaceholder: query.isPlaceholderData,
    dataUpdatedAt: query.dataUpdatedAt,
  };
}
