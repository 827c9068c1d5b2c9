import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { formatDate, formatRelative } from '../../lib/format.js';
import type { ApiKey } from '../../lib/types.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { SearchBox } from '../../components/search-box.js';
import { ApiKeyCreateDialog } from './api-key-create-dialog.js';
import { apiKeysApi, apiKeysKey, keyStatus } from './api-keys.api.js';

const statusTone = { active: 'good', revoked: 'bad', expired: 'warn' } as const;

/** Settings → API keys: keys for scripts and integrations, sent as `Authorization: Bearer`. */
export function ApiKeysPage() {
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: [apiKeysKey], queryFn: apiKeysApi.list });
  const revoke = useMutation({
    mutationFn: (id: string) => apiKeysApi.revoke(id),
    onSuccess: () => {
      setRevoking(null);
      void client.invalidateQueries({ queryKey: [apiKeysKey] });
    },
  });
  const items = (keys.data?.items ?? []).filter(
    (k) => !q || `${k.name} ${k.prefix}`.toLowerCase().includes(q.toLowerCase()),
  );
  const add = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      Create API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let scripts and integrations call the Keel API. Send one as{' '}
            <code>Authorization: Bearer &lt;key&gt;</code>. A key can do what its scopes allow, and never more
            than the person who created it.
          </>
        }
        actions={add}
      />
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <LoadError error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.items.length === 0 ? (
        <EmptyState title="No API keys yet" action={add}>
          Create a key for each script or integration, so you can revoke one without breaking the others.
        </EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <SearchBox label="Filter keys by name or prefix" placeholder="Filter keys…" onSearch={setQ} />
          </div>
          {items.length === 0 ? (
            <EmptyState title="No keys match">Try another name or prefix.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((k) => {
                    const status = keyStatus(k);
                    return (
                      <tr key={k.id} className={status === 'active' ? undefined : 'row-muted'}>
                        <td>
                          <strong>{k.name}</strong>
                          <div className="muted small">Created {formatDate(k.createdAt)}</div>
                        </td>
                        <td>
                          <code>{k.prefix}…</code>
                        </td>
                        <td>
                          <span className="badge-list">
                            {k.scopes.map((s) => (
                              <Badge key={s}>{s}</Badge>
                            ))}
                          </span>
                        </td>
                        <td className="nowrap">{formatRelative(k.lastUsedAt)}</td>
                        <td className="nowrap">{k.expiresAt ? formatDate(k.expiresAt) : 'Never'}</td>
                        <td>
                          <Badge tone={statusTone[status]}>
                            {status[0]?.toUpperCase() + status.slice(1)}
                          </Badge>
                        </td>
                        <td className="cell-actions">
                          {status !== 'revoked' ? (
                            <Button
                              size="sm"
                              variant="ghost"
                              onClick={() => setRevoking(k)}
                              aria-label={`Revoke ${k.name}`}
                            >
                              Revoke
                            </Button>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <ApiKeyCreateDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      >
        <p>Anything using this key gets “401 Unauthorized” from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
