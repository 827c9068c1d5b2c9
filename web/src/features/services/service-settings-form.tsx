import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  incidentSeverities,
  sourceSeverities,
  urgencies,
  type IncidentSeverity,
  type Service,
  type SourceSeverity,
  type Urgency,
} from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CheckboxField, TextField } from '../../components/field.js';
import { GroupingField } from './grouping-field.js';
import { servicesApi, servicesKey } from './services.api.js';
import {
  checkDraft,
  fromDraft,
  sameSettings,
  settingsFields,
  settingsRename,
  toDraft,
  type SettingsDraft,
} from './settings-model.js';

const severityHelp: Record<SourceSeverity, string> = {
  critical: 'Critical',
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

/** How this service turns alerts into incidents: grouping, resolving, re-triggering, severities. */
export function ServiceSettingsForm({ service, editable }: { service: Service; editable: boolean }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(service.settings));
  const f = useFormErrors(settingsFields);
  const change = (patch: Partial<SettingsDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    for (const k of Object.keys(patch)) f.clear(k === 'mode' ? 'grouping' : k);
    save.reset();
  };
  const setMapping = (sev: SourceSeverity, patch: { severity?: IncidentSeverity; urgency?: Urgency }): void =>
    change({
      severityMapping: { ...draft.severityMapping, [sev]: { ...draft.severityMapping[sev], ...patch } },
    });

  const save = useMutation({
    mutationFn: () => servicesApi.update(service.id, { settings: fromDraft(draft) }),
    onSuccess: (saved) => {
      client.setQueryData([servicesKey, 'detail', service.id], saved);
      void client.invalidateQueries({ queryKey: [servicesKey, 'list'] });
      setDraft(toDraft(saved.settings));
    },
    onError: (err) => f.fromServer(err, settingsRename),
  });
  const changed = !sameSettings(fromDraft(draft), service.settings);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(checkDraft(draft))) save.mutate();
  };

  return (
    <section className="card" aria-labelledby="service-settings">
      <h2 id="service-settings">Settings</h2>
      <p className="muted small">How alerts sent to this service become incidents.</p>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form form-full">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <fieldset className="fieldset-plain" disabled={!editable}>
          <div className="settings-grid">
            <div className="form">
              <GroupingField draft={draft} errors={f.errors} onChange={change} />
              <CheckboxField
                label="Resolve the incident when all its alerts resolve"
                name="autoResolve"
                checked={draft.autoResolve}
                error={f.errors.autoResolve}
                hint="Off: a person resolves every incident by hand."
                onChange={(e) => change({ autoResolve: e.target.checked })}
              />
              <div className="field-row">
                <TextField
                  label="Auto-resolve after a quiet period (minutes)"
                  name="quietResolveMinutes"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={10080}
                  className="field-minutes"
                  placeholder="Never"
                  hint="Resolve an incident that has had no new alert for this long. Empty: never."
                  value={draft.quietResolveMinutes}
                  error={f.errors.quietResolveMinutes}
                  onChange={(e) => change({ quietResolveMinutes: e.target.value })}
                />
                <TextField
                  label="Re-trigger acknowledged incidents after (minutes)"
                  name="ackTimeoutMinutes"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={10080}
                  className="field-minutes"
                  placeholder="Never"
                  hint="An acknowledged incident still open this long pages again. Empty: never."
                  value={draft.ackTimeoutMinutes}
                  error={f.errors.ackTimeoutMinutes}
                  onChange={(e) => change({ ackTimeoutMinutes: e.target.value })}
                />
              </div>
              <CheckboxField
                label="Detect flapping alerts"
                name="flappingEnabled"
                checked={draft.flappingEnabled}
                error={f.errors.flappingEnabled}
                hint="An alert that keeps resolving and firing again joins its earlier incident instead of opening new ones."
                onChange={(e) => change({ flappingEnabled: e.target.checked })}
              />
              {draft.flappingEnabled ? (
                <div className="field-row">
                  <TextField
                    label="Flapping after more than (re-triggers)"
                    name="flappingTransitions"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={1000}
                    className="field-minutes"
                    value={draft.flappingTransitions}
                    error={f.errors.flappingTransitions}
                    onChange={(e) => change({ flappingTransitions: e.target.value })}
                  />
                  <TextField
                    label="Within (minutes)"
                    name="flappingWindowMinutes"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={1440}
                    className="field-minutes"
                    value={draft.flappingWindowMinutes}
                    error={f.errors.flappingWindowMinutes}
                    onChange={(e) => change({ flappingWindowMinutes: e.target.value })}
                  />
                </div>
              ) : null}
            </div>
            <div className="field">
              <p className="field-label" id="severity-mapping">
                Severity mapping
              </p>
              <p className="field-hint">The incident severity and urgency each alert severity opens.</p>
              <table className="table table-flush table-compact" aria-labelledby="severity-mapping">
                <thead>
                  <tr>
                    <th scope="col">Alert severity</th>
                    <th scope="col">Incident severity</th>
                    <th scope="col">Urgency</th>
                  </tr>
                </thead>
                <tbody>
                  {sourceSeverities.map((sev) => (
                    <tr key={sev}>
                      <th scope="row">{severityHelp[sev]}</th>
                      <td>
                        <select
                          aria-label={`Incident severity for ${sev} alerts`}
                          value={draft.severityMapping[sev].severity}
                          onChange={(e) => setMapping(sev, { severity: e.target.value as IncidentSeverity })}
                        >
                          {incidentSeverities.map((s) => (
                            <option key={s}>{s}</option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <select
                          aria-label={`Urgency for ${sev} alerts`}
                          value={draft.severityMapping[sev].urgency}
                          onChange={(e) => setMapping(sev, { urgency: e.target.value as Urgency })}
                        >
                          {urgencies.map((u) => (
                            <option key={u} value={u}>
                              {u === 'high' ? 'High' : 'Low'}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {f.errors.severityMapping ? <p className="field-error">{f.errors.severityMapping}</p> : null}
            </div>
          </div>
        </fieldset>
        {editable ? (
          <div className="form-actions form-actions-start">
            <Button
              type="submit"
              variant="primary"
              disabled={!changed}
              pending={save.isPending}
              pendingLabel="Saving…"
            >
              Save settings
            </Button>
            {changed ? (
              <Button
                onClick={() => {
                  setDraft(toDraft(service.settings));
                  f.reset();
                }}
                disabled={save.isPending}
              >
                Discard changes
              </Button>
            ) : null}
            {save.isSuccess && !changed ? (
              <span className="muted" role="status">
                Saved.
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
    </section>
  );
}
