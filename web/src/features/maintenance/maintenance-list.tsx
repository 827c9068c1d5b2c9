import { useState, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { useAllServices } from '../services/services.api.js';
import { MaintenanceFormDialog } from './maintenance-form-dialog.js';
import { MaintenanceTable } from './maintenance-table.js';
import { maintenanceApi, maintenanceKey, type MaintenanceWindow } from './maintenance.api.js';

/** A server-paged list of maintenance windows (filtered by state and/or service), with edit and delete. */
export function MaintenanceList({
  filters,
  editable,
  empty,
  pageSize = 50,
}: {
  filters: { state?: string; service?: string };
  editable: boolean;
  empty: { title: string; body: ReactNode; action?: ReactNode };
  pageSize?: number;
}) {
  const client = useQueryClient();
  const now = useNow();
  const services = useAllServices();
  const [editing, setEditing] = useState<MaintenanceWindow | null>(null);
  const [deleting, setDeleting] = useState<MaintenanceWindow | null>(null);
  const list = usePagedList<MaintenanceWindow>(
    maintenanceKey,
    '/api/v1/maintenance-windows',
    { state: filters.state ?? '', service: filters.service ?? '' },
    pageSize,
  );
  const remove = useMutation({
    mutationFn: (w: MaintenanceWindow) => maintenanceApi.remove(w.id),
    onSuccess: () => {
      setDeleting(null);
      void client.invalidateQueries({ queryKey: [maintenanceKey] });
    },
  });

  return (
    <>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState title={empty.title} action={empty.action}>
          {empty.body}
        </EmptyState>
      ) : (
        <MaintenanceTable
          items={list.items}
          services={services.data}
          now={now}
          busy={list.isPlaceholder}
          onEdit={editable ? setEditing : null}
          onDelete={editable ? setDeleting : null}
        />
      )}
      <ListFooter
        shown={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="windows"
      />
      {editing ? <MaintenanceFormDialog open window={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete window"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        <p>Its services page again from now on, including during occurrences still to come.</p>
      </ConfirmDialog>
    </>
  );
}
