import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, navigate } from '../../app/router.js';
import { canManage, canRespond, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { Badge, SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { ServicePagingSection } from '../escalation-policies/service-paging-section.js';
import { IntegrationsSection } from '../integrations/integrations-section.js';
import { ServiceMaintenanceSection } from '../maintenance/service-maintenance-section.js';
import { ServiceRulesSection } from '../routing/service-rules-section.js';
import { ServiceDependencies } from './service-dependencies.js';
import { ServiceFormDialog } from './service-form-dialog.js';
import { ServiceRunbooks } from './service-runbooks.js';
import { ServiceSettingsForm } from './service-settings-form.js';
import { servicesApi, servicesKey, teamName, tierLabels, useTeams } from './services.api.js';

/** One service: integrations, alert settings, routing rules, maintenance, runbooks and dependencies. */
export function ServiceDetailPage({ id }: { id: string }) {
  const me = useMe();
  const editable = canRespond(me.role);
  const client = useQueryClient();
  const teams = useTeams();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const service = useQuery({ queryKey: [servicesKey, 'detail', id], queryFn: () => servicesApi.get(id) });
  const remove = useMutation({
    mutationFn: () => servicesApi.remove(id),
    onSuccess: () => {
      client.removeQueries({ queryKey: [servicesKey, 'detail', id] });
      void client.invalidateQueries({ queryKey: [servicesKey] });
      navigate('/services');
    },
  });
  const back = (
    <Link to="/services" className="back-link">
      ← Services
    </Link>
  );

  if (service.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (service.isError)
    return (
      <>
        {back}
        <LoadError error={service.error} onRetry={() => void service.refetch()} />
      </>
    );
  const s = service.data;
  const team = teamName(teams.data, s.ownerTeamId);

  return (
    <>
      {back}
      <PageHeader
        title={s.name}
        meta={
          <>
            {s.tier ? (
              <Badge tone={s.tier === 1 ? 'warn' : 'neutral'}>{tierLabels[s.tier] ?? `Tier ${s.tier}`}</Badge>
            ) : null}
            <span>
              Owner team:{' '}
              {s.ownerTeamId && team ? (
                <Link to={`/settings/teams/${s.ownerTeamId}`}>{team}</Link>
              ) : (
                <span className="muted">none</span>
              )}
            </span>
            <SampleBadge show={s.isSample} />
          </>
        }
        description={s.description || (editable ? 'No description yet.' : null)}
        actions={
          <>
            {editable ? <Button onClick={() => setEditing(true)}>Edit</Button> : null}
            {canManage(me.role) ? (
              <Button variant="danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      <div className="stack">
        <ServicePagingSection service={s} editable={editable} />
        <IntegrationsSection service={s} editable={editable} />
        <ServiceSettingsForm service={s} editable={editable} />
        <ServiceRulesSection serviceId={s.id} editable={editable} />
        <ServiceMaintenanceSection serviceId={s.id} editable={editable} />
        <div className="grid-2">
          <ServiceRunbooks service={s} editable={editable} />
          <ServiceDependencies service={s} editable={editable} />
        </div>
      </div>
      <ServiceFormDialog
        key={`edit-${s.updatedAt}`}
        open={editing}
        service={s}
        onClose={() => setEditing(false)}
      />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${s.name}?`}
        confirmLabel="Delete service"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      >
        <p>
          The service, its settings and its integrations are removed. Senders still using its integration URLs
          will get errors. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
