import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/**
 * Live updates: one EventSource on GET /api/v1/stream for the whole app. Each event names what
 * changed; the provider invalidates the TanStack queries that show it (by their first key
 * segment), at most every `throttleMs`, so a burst of changes costs one refetch. Pages poll
 * slowly only while the stream is down (`useLivePollMs`).
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
export type LiveEventType = 'incident.changed' | 'alert.changed';

/** While the stream is down, pages ask again this often. */
export const fallbackPollMs = 60_000;
const throttleMs = 500;
const firstRetryMs = 2000;
const maxRetryMs = 60_000;

const LiveContext = createContext<LiveStatus>('connecting');

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext);
}

/** refetchInterval for a query kept current by the stream: none while live, a slow poll otherwise. */
export function useLivePollMs(): number | false {
  return useLiveStatus() === 'live' ? false : fallbackPollMs;
}

export function LiveProvider({
  invalidates,
  children,
}: {
  /** Query-key roots each event invalidates. Must be a stable (module-level) object. */
  invalidates: Readonly<Record<LiveEventType, readonly string[]>>;
  children: ReactNode;
}) {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const everything = [...new Set(Object.values(invalidates).flat())];
    const dirty = new Set<string>();
    let source: EventSource | null = null;
    let flushTimer: number | undefined;
    let retryTimer: number | undefined;
    let lastFlush = 0;
    let retryMs = firstRetryMs;

    const flush = (): void => {
      flushTimer = undefined;
      lastFlush = Date.now();
      for (const key of dirty) void client.invalidateQueries({ queryKey: [key] });
      dirty.clear();
    };
    const mark = (keys: readonly string[]): void => {
      for (const key of keys) dirty.add(key);
      if (flushTimer !== undefined) return;
      flushTimer = window.setTimeout(flush, Math.max(0, lastFlush + throttleMs - Date.now()));
    };

    const connect = (): void => {
      const es = new EventSource('/api/v1/stream');
      source = es;
      es.onopen = () => {
        setStatus('live');
        retryMs = firstRetryMs;
        // Whatever changed while there was no stream (or before the first one) was not heard.
        mark(everything);
      };
      es.onerror = () => {
        setStatus('reconnecting');
        // The browser retries by itself after a dropped stream; after a refusal (401, 429, 503)
        // it gives up, so try again later, backing off.
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          retryTimer = window.setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, maxRetryMs);
        }
      };
      for (const [type, keys] of Object.entries(invalidates)) es.addEventListener(type, () => mark(keys));
      es.addEventListener('resync', () => mark(everything));
    };
    connect();
    return () => {
      source?.close();
      window.clearTimeout(retryTimer);
      window.clearTimeout(flushTimer);
    };
  }, [client, invalidates]);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}
