import { useMutation, useQueryClient } from '@tanstack/react-query';
import { incidentsKey, type IncidentDetail } from './incidents.api.js';

/**
 * A change to one incident: every action answers with the incident as it is afterwards, which
 * replaces the cached detail at once (no wait for the next poll); lists refresh behind it.
 */
export function useIncidentAction<V>(routeId: string, fn: (vars: V) => Promise<IncidentDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      client.setQueryData([incidentsKey, 'detail', routeId], detail);
      void client.invalidateQueries({ queryKey: [incidentsKey, 'list'] });
      void client.invalidateQueries({ queryKey: ['alerts', 'list'] });
    },
  });
}
