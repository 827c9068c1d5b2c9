import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canManage, useMe } from '../../app/session.js';
import { api, errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';

export const sampleDataKey = ['sample-data'] as const;

/** Every cached list may hold sample rows; after loading or removing them, refetch everything. */
function useRefreshAll() {
  const client = useQueryClient();
  return () =>
    void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'setup' });
}

/**
 * "Sample data loaded — remove it" when sample rows exist; an offer to load them when they do not.
 * Loading and removing are for owners and admins; others only see that sample data is present.
 */
export function SampleDataPanel() {
  const me = useMe();
  const admin = canManage(me.role);
  const refreshAll = useRefreshAll();
  const [confirm, setConfirm] = useState(false);
  // Only owners and admins may read this; for others the panel stays hidden.
  const state = useQuery({
    queryKey: sampleDataKey,
    queryFn: () => api<{ loaded: boolean }>('/api/v1/sample-data'),
    enabled: admin,
  });
  const load = useMutation({
    mutationFn: () => api<unknown>('/api/v1/sample-data', { method: 'POST' }),
    onSuccess: refreshAll,
  });
  const remove = useMutation({
    mutationFn: () => api<void>('/api/v1/sample-data', { method: 'DELETE' }),
    onSuccess: () => {
      setConfirm(false);
      refreshAll();
    },
  });

  if (!state.data) return null;
  if (state.data.loaded) {
    return (
      <div className="banner banner-sample" role="region" aria-label="Sample data">
        <div>
          <p className="banner-title">Sample data loaded — remove it when you are done trying Keel</p>
          <p className="small">
            Rows marked <span className="badge badge-sample">Sample</span> are examples. Removing them leaves
            everything you created.
          </p>
        </div>
        {admin ? (
          <Button variant="secondary" onClick={() => setConfirm(true)}>
            Remove sample data
          </Button>
        ) : null}
        <ConfirmDialog
          open={confirm}
          title="Remove sample data?"
          confirmLabel="Remove sample data"
          pendingLabel="Removing…"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate()}
          onClose={() => {
            setConfirm(false);
            remove.reset();
          }}
        >
          <p>All users, teams and other rows marked Sample are deleted. What you created yourself stays.</p>
        </ConfirmDialog>
      </div>
    );
  }
  if (!admin) return null;
  return (
    <div className="banner">
      <div>
        <p className="banner-title">Want to look around first?</p>
        <p className="small muted">
          Load sample users and teams so every page has something to show. They are clearly marked and
          removable.
        </p>
      </div>
      <Button onClick={() => load.mutate()} pending={load.isPending} pendingLabel="Loading sample data…">
        Load sample data
      </Button>
      {load.isError ? <Alert tone="error">{errorMessage(load.error)}</Alert> : null}
    </div>
  );
}
