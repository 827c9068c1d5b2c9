import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Service } from '../../lib/types.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { IntegrationAddDialog } from './integration-add-dialog.js';
import { IntegrationCard } from './integration-card.js';
import { integrationsApi, integrationsKey } from './integrations.api.js';

/** A service's inbound alert endpoints: one card each, and "Add integration". */
export function IntegrationsSection({ service, editable }: { service: Service; editable: boolean }) {
  const [adding, setAdding] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const list = useQuery({
    queryKey: integrationsKey(service.id),
    queryFn: () => integrationsApi.list(service.id),
  });
  const add = editable ? (
    <Button size="sm" variant="primary" onClick={() => setAdding(true)}>
      Add integration
    </Button>
  ) : null;

  return (
    <section className="card" aria-labelledby="service-integrations">
      <div className="card-header">
        <h2 id="service-integrations">Integrations</h2>
        {list.data?.items.length ? add : null}
      </div>
      <p className="muted small">
        Where monitoring tools send alerts for {service.name}. Each integration has its own URL and key.
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No integrations yet" action={add}>
          {editable
            ? 'Add one for each tool that should alert this service — Prometheus Alertmanager, Grafana, anything that speaks PagerDuty or Opsgenie, or any JSON webhook. Keel gives you the URL to paste into it.'
            : 'A responder adds integrations so monitoring tools can send alerts here.'}
        </EmptyState>
      ) : (
        <div className="integration-list">
          {list.data.items.map((i) => (
            <IntegrationCard key={i.id} integration={i} editable={editable} fresh={i.id === fresh} />
          ))}
        </div>
      )}
      <IntegrationAddDialog
        serviceId={service.id}
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(i) => setFresh(i.id)}
      />
    </section>
  );
}
