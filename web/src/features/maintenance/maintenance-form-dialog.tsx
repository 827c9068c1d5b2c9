import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { browserTimeZone } from '../../lib/format.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { fromZonedInput, toZonedInput } from '../../lib/zoned-time.js';
import { alertsKey } from '../alerts/alerts.api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { TextAreaField, TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { useAllServices } from '../services/services.api.js';
import {
  maintenanceApi,
  maintenanceKey,
  type MaintenanceWindow,
  type WindowInput,
} from './maintenance.api.js';
import { RecurrenceFields, type RecurrenceForm } from './recurrence-fields.js';
import { ServicePicker } from './service-picker.js';

const fields = [
  'title',
  'description',
  'serviceIds',
  'startsAt',
  'endsAt',
  'timeZone',
  'recurrence',
  'recurrence.frequency',
  'recurrence.interval',
  'recurrence.until',
];

/** Schedules a maintenance window (one-off or recurring) or edits one. */
export function MaintenanceFormDialog({
  open,
  onClose,
  window: w,
  serviceIds = [],
}: {
  open: boolean;
  onClose: () => void;
  window?: MaintenanceWindow;
  /** Preselected services for a new window (from a service's page). */
  serviceIds?: string[];
}) {
  const client = useQueryClient();
  const services = useAllServices();
  const tz0 = w?.timeZone ?? browserTimeZone();
  const [title, setTitle] = useState(w?.title ?? '');
  const [description, setDescription] = useState(w?.description ?? '');
  const [selected, setSelected] = useState<string[]>(w?.serviceIds ?? serviceIds);
  const [timeZone, setTimeZone] = useState(tz0);
  const [starts, setStarts] = useState(w ? toZonedInput(w.startsAt, tz0) : '');
  const [ends, setEnds] = useState(w ? toZonedInput(w.endsAt, tz0) : '');
  const [recurring, setRecurring] = useState(w?.recurrence !== null && w !== undefined);
  const [recurrence, setRecurrence] = useState<RecurrenceForm>({
    frequency: w?.recurrence?.frequency ?? 'weekly',
    interval: String(w?.recurrence?.interval ?? 1),
    until: w?.recurrence?.until ? toZonedInput(w.recurrence.until, tz0) : '',
  });
  const f = useFormErrors(fields);

  const body = (): WindowInput => ({
    title: title.trim(),
    description: description.trim(),
    serviceIds: selected,
    startsAt: fromZonedInput(starts, timeZone) ?? '',
    endsAt: fromZonedInput(ends, timeZone) ?? '',
    timeZone,
    recurrence: recurring
      ? {
          frequency: recurrence.frequency,
          interval: Number(recurrence.interval),
          until: recurrence.until ? fromZonedInput(recurrence.until, timeZone) : null,
        }
      : null,
  });
  const save = useMutation({
    mutationFn: () => (w ? maintenanceApi.update(w.id, body()) : maintenanceApi.create(body())),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [maintenanceKey] });
      void client.invalidateQueries({ queryKey: [alertsKey] });
      f.reset();
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const s = fromZonedInput(starts, timeZone);
    const en = fromZonedInput(ends, timeZone);
    const errors: v.Errors = {
      title: v.required(title, 'Title'),
      serviceIds: selected.length ? undefined : 'Pick at least one service.',
      startsAt: s ? undefined : 'Pick when it starts.',
      endsAt: !en ? 'Pick when it ends.' : s && en <= s ? 'The end must be after the start.' : undefined,
    };
    if (recurring && !(Number(recurrence.interval) >= 1)) errors['recurrence.interval'] = 'Enter 1 or more.';
    if (f.check(errors)) save.mutate();
  };

  return (
    <Dialog
      open={open}
      title={w ? 'Edit maintenance window' : 'Schedule maintenance'}
      onClose={onClose}
      busy={save.isPending}
      wide
    >
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
          placeholder="Database upgrade"
          value={title}
          error={f.errors.title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={2}
          value={description}
          error={f.errors.description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <ServicePicker
          services={services.data ?? []}
          selected={selected}
          error={f.errors.serviceIds}
          onChange={setSelected}
        />
        <fieldset className="fieldset">
          <legend>When</legend>
          <div className="radio-inline" role="radiogroup" aria-label="Kind">
            <label className="check-row">
              <input type="radio" name="kind" checked={!recurring} onChange={() => setRecurring(false)} />{' '}
              One-off
            </label>
            <label className="check-row">
              <input type="radio" name="kind" checked={recurring} onChange={() => setRecurring(true)} />{' '}
              Recurring
            </label>
          </div>
          <TimeZoneField
            value={timeZone}
            error={f.errors.timeZone}
            onChange={setTimeZone}
            hint="The start and end below are clock times in this zone."
          />
          <div className="field-row">
            <TextField
              label={recurring ? 'First starts at' : 'Starts at'}
              name="startsAt"
              type="datetime-local"
              value={starts}
              error={f.errors.startsAt}
              onChange={(e) => setStarts(e.target.value)}
            />
            <TextField
              label={recurring ? 'First ends at' : 'Ends at'}
              name="endsAt"
              type="datetime-local"
              value={ends}
              error={f.errors.endsAt}
              onChange={(e) => setEnds(e.target.value)}
            />
          </div>
          {recurring ? (
            <RecurrenceFields value={recurrence} errors={f.errors} onChange={setRecurrence} />
          ) : null}
          {recurring ? (
            <p className="field-hint">
              Each occurrence keeps its clock time in {timeZone}, across daylight-saving changes.
            </p>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {w ? 'Save window' : 'Schedule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
