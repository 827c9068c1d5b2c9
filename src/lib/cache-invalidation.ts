/**
 * Announces that a per-process cache was marked stale on this node, for copies of it kept
 * elsewhere in the same process: the ingest writer thread keeps its own routing-rule and
 * paging-interest copies and is told through this (src/modules/alerts/ingest-thread.ts).
 */
export type CacheName = 'alert-rules' | 'paging-interest';

type Listener = (name: CacheName) => void;
const listeners = new Set<Listener>();

/** Returns the unsubscribe function. */
export function onCacheInvalidated(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announceInvalidation(name: CacheName): void {
  for (const listener of listeners) listener(name);
}
