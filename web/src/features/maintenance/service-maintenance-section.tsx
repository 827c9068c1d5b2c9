import { useState } from 'react';
import { Link } from '../../app/router.js';
import { Button } from '../../components/button.js';
import { MaintenanceFormDialog } from './maintenance-form-dialog.js';
import { MaintenanceList } from './maintenance-list.js';

/** On a service's page: its maintenance windows (every state), newest first. */
export function ServiceMaintenanceSection({ serviceId, editable }: { serviceId: string; editable: boolean }) {
  const [creating, setCreating] = useState(false);
  return (
    <section className="card" aria-labelledby="service-maintenance">
      <div className="card-header">
        <h2 id="service-maintenance">Maintenance</h2>
        <span className="inline-row">
          <Link to="/maintenance" className="small">
            All maintenance
          </Link>
          {editable ? (
            <Button size="sm" onClick={() => setCreating(true)}>
              Schedule maintenance
            </Button>
          ) : null}
        </span>
      </div>
      <MaintenanceList
        filters={{ service: serviceId }}
        editable={editable}
        pageSize={10}
        empty={{
          title: 'No maintenance windows',
          body: editable
            ? 'Schedule planned work on this service so the alerts it causes page nobody.'
            : 'A responder schedules maintenance here.',
        }}
      />
      {creating ? (
        <MaintenanceFormDialog open serviceIds={[serviceId]} onClose={() => setCreating(false)} />
      ) : null}
    </section>
  );
}
