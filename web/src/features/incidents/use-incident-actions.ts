import { useCallback } from 'react';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { incidentsApi, incidentsKey, type Incident } from './incidents.api.js';

export type Action = 'acknowledge' | 'resolve';
export const actionWords: Record<Action, { done: string; doing: string; none: string }> = {
  acknowledge: {
    done: 'Acknowledged',
    doing: 'Acknowledging…',
    none: 'Nothing to acknowledge: only triggered incidents can be.',
  },
  resolve: { done: 'Resolved', doing: 'Resolving…', none: 'Nothing to resolve: it is resolved already.' },
};
export const applies = (action: Action, i: Incident): boolean =>
  action === 'acknowledge' ? i.status === 'triggered' : i.status !== 'resolved';

export interface ActionMessage {
  tone: 'success' | 'error';
  text: string;
}

/**
 * Acknowledge or resolve the incidents the list acts on (the selection, else the cursor's row):
 * every one is tried, the list's cached pages take the answers at once, and one message says what
 * was done and what could not be. `pending(action)` is true while that action runs.
 */
export function useIncidentActions(opts: {
  responder: boolean;
  targets: Incident[];
  onMessage: (message: ActionMessage) => void;
  /** After a resolve: the selection is cleared (resolved incidents leave the open list). */
  onResolved: () => void;
}) {
  const client = useQueryClient();
  const { responder, targets, onMessage: setMessage, onResolved } = opts;
  const act = useMutation({
    mutationFn: async ({ action, on }: { action: Action; on: Incident[] }) => {
      const results = await Promise.allSettled(
        on.map((i) =>
          action === 'acknowledge' ? incidentsApi.acknowledge(i.id) : incidentsApi.resolve(i.id),
        ),
      );
      return { action, on, results };
    },
    onSuccess: ({ action, on, results }) => {
      const updated = new Map<string, Incident>();
      const failed: string[] = [];
      results.forEach((r, n) => {
        const i = on[n];
        if (!i) return;
        if (r.status === 'fulfilled') updated.set(i.id, r.value);
        else failed.push(`#${i.number}: ${errorMessage(r.reason)}`);
      });
      client.setQueriesData<InfiniteData<Page<Incident>>>({ queryKey: [incidentsKey, 'list'] }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((p) => ({ ...p, items: p.items.map((i) => updated.get(i.id) ?? i) })),
            }
          : data,
      );
      void client.invalidateQueries({ queryKey: [incidentsKey] });
      if (action === 'resolve') onResolved();
      const done = on.filter((i) => updated.has(i.id)).map((i) => `#${i.number}`);
      setMessage(
        failed.length
          ? {
              tone: 'error',
              text: `${done.length ? `${actionWords[action].done} ${done.join(', ')}. ` : ''}Could not change ${failed.join('; ')}`,
            }
          : { tone: 'success', text: `${actionWords[action].done} ${done.join(', ')}.` },
      );
    },
    onError: (err) => setMessage({ tone: 'error', text: errorMessage(err) }),
  });

  const run = useCallback(
    (action: Action) => {
      if (!responder || act.isPending) return;
      const on = targets.filter((i) => applies(action, i));
      if (targets.length === 0) {
        setMessage({ tone: 'error', text: 'Move to an incident with j and k, or select some, first.' });
        return;
      }
      if (on.length === 0) {
        setMessage({ tone: 'error', text: actionWords[action].none });
        return;
      }
      act.mutate({ action, on });
    },
    [responder, act, targets, setMessage],
  );

  const pending = (action: Action): boolean => act.isPending && act.variables?.action === action;
  return { run, pending };
}
