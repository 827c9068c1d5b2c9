import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, navigate } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { useLivePollMs } from '../../lib/live.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { useAllServices } from '../services/services.api.js';
import { MonitorFormDialog } from './monitor-form-dialog.js';
import { LatencySection, StateHistorySection, UptimeSection } from './monitor-history-sections.js';
import { MonitorStateBadge } from './monitor-state-badge.js';
import { MonitorStatusSection, MonitorUrlsSection } from './monitor-status-section.js';
import { monitorsApi, monitorsKey, targetOf, typeLabels, type Monitor } from './monitors.api.js';

/**
 * One monitor: its state now, uptime (numbers and 90 daily bars), latency (p50/p95), state history,
 * its heartbeat and badge URLs, and the actions pause/resume, clone, edit and delete.
 */
export function MonitorDetailPage({ id }: { id: string }) {
  const me = useMe();
  const editable = canRespond(me.role);
  const client = useQueryClient();
  const services = useAllServices();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const monitor = useQuery({
    queryKey: [monitorsKey, 'detail', id],
    queryFn: () => monitorsApi.get(id),
    refetchInterval: useLivePollMs(),
  });
  const refresh = (m: Monitor): void => {
    client.setQueryData([monitorsKey, 'detail', m.id], m);
    void client.invalidateQueries({ queryKey: [monitorsKey] });
  };
  const toggle = useMutation({
    mutationFn: (m: Monitor) => (m.paused ? monitorsApi.resume(m.id) : monitorsApi.pause(m.id)),
    onSuccess: refresh,
  });
  const clone = useMutation({
    mutationFn: () => monitorsApi.clone(id),
    onSuccess: (m) => {
      void client.invalidateQueries({ queryKey: [monitorsKey] });
      navigate(`/monitors/${m.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: () => monitorsApi.remove(id),
    onSuccess: () => {
      client.removeQueries({ queryKey: [monitorsKey, 'detail', id] });
      void client.invalidateQueries({ queryKey: [monitorsKey] });
      navigate('/monitors');
    },
  });
  const back = (
    <Link to="/monitors" className="back-link">
      ← Monitors
    </Link>
  );
  if (monitor.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (monitor.isError)
    return (
      <>
        {back}
        <LoadError error={monitor.error} onRetry={() => void monitor.refetch()} />
      </>
    );
  const m = monitor.data;
  const service = services.data?.find((s) => s.id === m.serviceId);
  const actionError = toggle.error ?? clone.error;

  return (
    <>
      {back}
      <PageHeader
        title={m.name}
        meta={
          <>
            <MonitorStateBadge monitor={m} />
            <span>{typeLabels[m.type] ?? m.type}</span>
            <span className="mono-soft">{targetOf(m)}</span>
            <span>
              Service:{' '}
              {service ? (
                <Link to={`/services/${service.id}`}>{service.name}</Link>
              ) : (
                <span className="muted">…</span>
              )}
            </span>
          </>
        }
        actions={
          editable ? (
            <>
              <Button
                onClick={() => toggle.mutate(m)}
                pending={toggle.isPending}
                pendingLabel={m.paused ? 'Resuming…' : 'Pausing…'}
              >
                {m.paused ? 'Resume' : 'Pause'}
              </Button>
              <Button onClick={() => clone.mutate()} pending={clone.isPending} pendingLabel="Cloning…">
                Clone
              </Button>
              <Button onClick={() => setEditing(true)}>Edit</Button>
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </>
          ) : null
        }
      />
      {actionError ? <Alert tone="error">{errorMessage(actionError)}</Alert> : null}
      <div className="stack">
        <MonitorStatusSection monitor={m} />
        <UptimeSection monitor={m} />
        <LatencySection monitor={m} />
        <div className="grid-2">
          <StateHistorySection monitor={m} />
          <MonitorUrlsSection monitor={m} />
        </div>
      </div>
      <MonitorFormDialog
        key={`edit-${m.updatedAt}-${editing}`}
        open={editing}
        monitor={m}
        onClose={() => setEditing(false)}
        onSaved={refresh}
      />
      <ConfirmDialog
        open={deleting}
        title={`Delete ${m.name}?`}
        confirmLabel="Delete monitor"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setDeleting(false);
          remove.reset();
        }}
      >
        <p>
          The monitor, its results and its uptime history are removed, and its badge URL stops working. This
          cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
