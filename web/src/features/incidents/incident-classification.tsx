import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api.js';
import { incidentSeverities, type IncidentSeverity } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { SelectField } from '../../components/field.js';
import {
  impactLabels,
  impacts,
  incidentsApi,
  matrixPriority,
  priorities,
  type Impact,
  type IncidentDetail,
  type Priority,
} from './incidents.api.js';
import { categoryOptions, useIncidentCategories } from '../incident-categories/incident-categories.api.js';
import { useIncidentAction } from './use-incident-action.js';

const fields = ['severity', 'impact', 'priority', 'category'] as const;
type Form = Record<(typeof fields)[number], string>;
const auto = 'auto';

function initial(i: IncidentDetail): Form {
  return {
    severity: i.severity,
    impact: i.impact,
    priority: i.priorityOverridden ? i.priority : auto,
    category: i.category ?? '',
  };
}

/**
 * Severity, impact, priority and category. Saving sends only what changed, one action each
 * (the server keeps a timeline entry per change): severity first, since the impact and the
 * automatic priority follow it on the server.
 */
export function IncidentClassification({
  incident,
  routeId,
  editable,
}: {
  incident: IncidentDetail;
  routeId: string;
  editable: boolean;
}) {
  const [form, setForm] = useState<Form>(() => initial(incident));
  // The server's values the form started from; the incident may change under it (polling).
  const [base, setBase] = useState<Form>(() => initial(incident));
  const [seen, setSeen] = useState(incident.updatedAt);
  const [saved, setSaved] = useState(false);
  const f = useFormErrors(fields);
  const categories = useIncidentCategories();
  const dirty = fields.some((k) => form[k] !== base[k]);
  if (seen !== incident.updatedAt) {
    // Someone changed the incident: show the new values, unless this person is mid-edit.
    const next = initial(incident);
    setSeen(incident.updatedAt);
    setBase(next);
    if (!dirty) setForm(next);
  }
  const start = base;
  const save = useIncidentAction(routeId, async (next: Form) => {
    let latest: IncidentDetail | null = null;
    const id = incident.id;
    if (next.severity !== start.severity)
      latest = await incidentsApi.severity(id, next.severity as IncidentSeverity);
    if (next.impact !== start.impact) latest = await incidentsApi.impact(id, next.impact as Impact);
    if (next.priority !== start.priority)
      latest = await incidentsApi.priority(id, next.priority === auto ? null : (next.priority as Priority));
    if (next.category !== start.category)
      latest = await incidentsApi.update(id, { category: next.category || null });
    return latest ?? incidentsApi.get(id);
  });
  const set = (key: keyof Form, value: string): void => {
    setForm((s) => {
      const n = { ...s, [key]: value };
      // The impact follows the severity when nobody judged it apart (as the server does).
      if (key === 'severity' && s.impact === defaultImpact(s.severity) && s.impact === start.impact)
        n.impact = defaultImpact(value);
      return n;
    });
    setSaved(false);
    f.clear(key);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    save.mutate(form, {
      onSuccess: (after) => {
        setForm(initial(after));
        setBase(initial(after));
        setSeen(after.updatedAt);
        setSaved(true);
        f.reset();
      },
      onError: (err) => f.fromServer(err),
    });
  };
  const autoPriority = matrixPriority(form.impact as Impact, incident.urgency);

  return (
    <section className="card" aria-labelledby="incident-class">
      <h2 id="incident-class">Classification</h2>
      <form ref={f.formRef} className="form" onSubmit={submit} noValidate>
        <fieldset className="fieldset-plain" disabled={!editable}>
          <div className="form">
            {f.formError ? (
              <Alert ref={f.alertRef} tone="error">
                {f.formError}
              </Alert>
            ) : null}
            <div className="field-row">
              <SelectField
                label="Severity"
                name="severity"
                value={form.severity}
                error={f.errors.severity}
                options={incidentSeverities}
                onChange={(e) => set('severity', e.target.value)}
              />
              <SelectField
                label="Impact"
                name="impact"
                value={form.impact}
                error={f.errors.impact}
                options={impacts.map((i) => ({ value: i, label: impactLabels[i] }))}
                onChange={(e) => set('impact', e.target.value)}
              />
            </div>
            <div className="field-row">
              <SelectField
                label="Priority"
                name="priority"
                value={form.priority}
                error={f.errors.priority}
                options={[
                  { value: auto, label: `Automatic (${autoPriority})` },
                  ...priorities.map((p) => ({ value: p, label: `${p} (set by hand)` })),
                ]}
                onChange={(e) => set('priority', e.target.value)}
              />
              <SelectField
                label="Category"
                name="category"
                value={form.category}
                error={f.errors.category}
                options={[
                  { value: '', label: 'None' },
                  // Archived ones only when the incident already has one, so it shows as it is.
                  ...categoryOptions(categories.data, base.category || null),
                ]}
                onChange={(e) => set('category', e.target.value)}
              />
            </div>
            <p className="field-hint">
              Automatic priority comes from impact × urgency (urgency {incident.urgency}).
            </p>
            {editable ? (
              <div className="form-actions form-actions-start">
                <Button
                  type="submit"
                  variant="primary"
                  size="sm"
                  disabled={!dirty}
                  pending={save.isPending}
                  pendingLabel="Saving…"
                >
                  Save classification
                </Button>
                {dirty ? (
                  <Button size="sm" variant="ghost" onClick={() => setForm(base)} disabled={save.isPending}>
                    Undo changes
                  </Button>
                ) : null}
                <span role="status" className="muted small">
                  {saved && !dirty ? 'Saved.' : ''}
                </span>
              </div>
            ) : null}
            {save.isError && !f.formError && Object.values(f.errors).every((e) => !e) ? (
              <Alert tone="error">{errorMessage(save.error)}</Alert>
            ) : null}
          </div>
        </fieldset>
      </form>
    </section>
  );
}

function defaultImpact(severity: string): Impact {
  return severity === 'SEV1' || severity === 'SEV2' ? 'high' : severity === 'SEV3' ? 'medium' : 'low';
}
