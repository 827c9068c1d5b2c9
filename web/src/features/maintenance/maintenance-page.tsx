import { useState } from 'react';
import { useLocation } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { Button } from '../../components/button.js';
import { PageHeader } from '../../components/page-header.js';
import { StateTabs } from '../../components/state-tabs.js';
import { MaintenanceFormDialog } from './maintenance-form-dialog.js';
import { MaintenanceList } from './maintenance-list.js';
import { stateLabels, windowStates, type WindowState } from './maintenance.api.js';

const emptyBodies: Record<WindowState, string> = {
  scheduled:
    'Schedule planned work here — once or every week at the same local time — so the alerts it causes page nobody.',
  in_progress: 'No maintenance is going on right now.',
  completed: 'Windows whose last occurrence is over show up here.',
};

/** Maintenance windows: planned work during which the covered services' alerts page nobody. */
export function MaintenancePage() {
  const me = useMe();
  const editable = canRespond(me.role);
  const { search } = useLocation();
  const asked = search.get('state');
  const state: WindowState = windowStates.find((s) => s === asked) ?? 'scheduled';
  const [creating, setCreating] = useState(false);
  const add = editable ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      Schedule maintenance
    </Button>
  ) : null;
  return (
    <>
      <PageHeader
        title="Maintenance"
        description="During a maintenance window, alerts of its services are recorded and marked “in maintenance”, but page nobody."
        actions={add}
      />
      <StateTabs
        label="Window state"
        tabs={windowStates.map((s) => ({ value: s, label: stateLabels[s] }))}
        current={state}
        hrefFor={(s) => (s === 'scheduled' ? '/maintenance' : `/maintenance?state=${s}`)}
      />
      <MaintenanceList
        key={state}
        filters={{ state }}
        editable={editable}
        empty={{
          title: `No ${stateLabels[state].toLowerCase()} maintenance`,
          body: emptyBodies[state],
          ...(state === 'scheduled' && add && { action: add }),
        }}
      />
      {creating ? <MaintenanceFormDialog open onClose={() => setCreating(false)} /> : null}
    </>
  );
}
