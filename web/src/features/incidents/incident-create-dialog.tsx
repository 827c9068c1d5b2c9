import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../app/router.js';
import { incidentSeverities, urgencies, type IncidentSeverity, type Urgency } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextAreaField, TextField } from '../../components/field.js';
import { useAllServices } from '../services/services.api.js';
import {
  impactLabels,
  impacts,
  incidentsApi,
  incidentsKey,
  matrixPriority,
  urgencyLabels,
  type Impact,
} from './incidents.api.js';

const fields = ['title', 'serviceId', 'severity', 'urgency', 'impact', 'description'] as const;
type Form = Record<(typeof fields)[number], string>;
const empty: Form = {
  title: '',
  serviceId: '',
  severity: 'SEV3',
  urgency: 'high',
  impact: '',
  description: '',
};

const severityHints: Record<IncidentSeverity, string> = {
  SEV1: 'SEV1 — critical',
  SEV2: 'SEV2 — major',
  SEV3: 'SEV3 — minor',
  SEV4: 'SEV4 — low',
};

/** The impact the server picks when none is given: SEV1–2 high, SEV3 medium, SEV4 low. */
function defaultImpact(severity: string): Impact {
  return severity === 'SEV1' || severity === 'SEV2' ? 'high' : severity === 'SEV3' ? 'medium' : 'low';
}

/** Opens an incident by hand (only the title is required), then goes to it. */
export function IncidentCreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const services = useAllServices();
  const [form, setForm] = useState<Form>(empty);
  const f = useFormErrors(fields);
  const set = (key: keyof Form, value: string): void => {
    setForm((s) => ({ ...s, [key]: value }));
    f.clear(key);
  };
  const close = (): void => {
    setForm(empty);
    f.reset();
    onClose();
  };
  const impact = (form.impact || defaultImpact(form.severity)) as Impact;
  const save = useMutation({
    mutationFn: () =>
      incidentsApi.create({
        title: form.title.trim(),
        description: form.description.trim(),
        serviceId: form.serviceId || null,
        severity: form.severity as IncidentSeverity,
        urgency: form.urgency as Urgency,
        ...(form.impact && { impact: form.impact as Impact }),
      }),
    onSuccess: (created) => {
      client.setQueryData([incidentsKey, 'detail', String(created.number)], created);
      void client.invalidateQueries({ queryKey: [incidentsKey, 'list'] });
      setForm(empty);
      f.reset();
      onClose();
      navigate(`/incidents/${created.number}`);
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ title: v.required(form.title, 'Title') })) save.mutate();
  };

  return (
    <Dialog open={open} title="New incident" onClose={close} busy={save.isPending}>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Title"
          name="title"
          autoComplete="off"
          hint="What is wrong, as people notice it: “Checkout returns 500 errors”."
          value={form.title}
          error={f.errors.title}
          onChange={(e) => set('title', e.target.value)}
        />
        <SelectField
          label="Service (optional)"
          name="serviceId"
          value={form.serviceId}
          error={f.errors.serviceId}
          options={[
            { value: '', label: 'No service' },
            ...(services.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => set('serviceId', e.target.value)}
        />
        <div className="field-row">
          <SelectField
            label="Severity"
            name="severity"
            value={form.severity}
            error={f.errors.severity}
            options={incidentSeverities.map((s) => ({ value: s, label: severityHints[s] }))}
            hint="SEV1: customers cannot use the product. SEV4: cosmetic or internal."
            onChange={(e) => set('severity', e.target.value)}
          />
          <SelectField
            label="Urgency"
            name="urgency"
            value={form.urgency}
            error={f.errors.urgency}
            options={urgencies.map((u) => ({
              value: u,
              label: u === 'high' ? 'High — page now' : 'Low — working hours',
            }))}
            onChange={(e) => set('urgency', e.target.value)}
          />
        </div>
        <SelectField
          label="Impact"
          name="impact"
          value={form.impact}
          error={f.errors.impact}
          options={[
            {
              value: '',
              label: `From the severity (${impactLabels[defaultImpact(form.severity)].toLowerCase()})`,
            },
            ...impacts.map((i) => ({ value: i, label: impactLabels[i] })),
          ]}
          hint={`Priority will be ${matrixPriority(impact, form.urgency as Urgency)} (impact ${impactLabels[impact].toLowerCase()} × urgency ${urgencyLabels[form.urgency as Urgency].toLowerCase()}).`}
          onChange={(e) => set('impact', e.target.value)}
        />
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={4}
          hint="What you know so far. Markdown works here and in notes."
          value={form.description}
          error={f.errors.description}
          onChange={(e) => set('description', e.target.value)}
        />
        <div className="form-actions">
          <Button onClick={close} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Opening…">
            Open incident
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
