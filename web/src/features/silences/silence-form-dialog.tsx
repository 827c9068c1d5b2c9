import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { alertsKey } from '../alerts/alerts.api.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { useAllServices } from '../services/services.api.js';
import { DurationField, endOf } from './duration-field.js';
import { MatcherRows, matcherFields } from './matcher-rows.js';
import { silencesApi, silencesKey, type Matcher, type Silence } from './silences.api.js';

const fields = ['matchers', ...matcherFields, 'serviceId', 'startsAt', 'endsAt', 'comment'];

export interface SilencePrefill {
  matchers: Matcher[];
  serviceId: string | null;
  comment?: string;
}

function check(matchers: Matcher[], endsAt: string | null, startsAt: string | null, later: boolean): Errors {
  const errors: Errors = {};
  matchers.forEach((m, i) => {
    if (!m.label.trim()) errors[`matchers.${i}.label`] = 'Name a label.';
  });
  if (later && !startsAt) errors.startsAt = 'Pick when the silence starts.';
  if (!endsAt) errors.endsAt = 'Pick when the silence ends.';
  else if (new Date(endsAt).getTime() <= (startsAt ? new Date(startsAt).getTime() : Date.now()))
    errors.endsAt = 'The end must be after the start.';
  return errors;
}

/**
 * Creates a silence: matcher rows, an optional service, when it starts (now or later), how long
 * it lasts and why. "Silence similar" on an alert opens it prefilled with the alert's labels.
 */
export function SilenceFormDialog({
  open,
  onClose,
  prefill,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  prefill?: SilencePrefill;
  onCreated?: (silence: Silence) => void;
}) {
  const client = useQueryClient();
  const services = useAllServices();
  const blank = (): Matcher[] =>
    prefill?.matchers.length ? prefill.matchers : [{ label: '', op: '=', value: '' }];
  const [matchers, setMatchers] = useState<Matcher[]>(blank);
  const [serviceId, setServiceId] = useState(prefill?.serviceId ?? '');
  const [later, setLater] = useState(false);
  const [startsLocal, setStartsLocal] = useState('');
  const [duration, setDuration] = useState('120');
  const [customEnd, setCustomEnd] = useState('');
  const [comment, setComment] = useState(prefill?.comment ?? '');
  const f = useFormErrors(fields);

  const close = (): void => {
    f.reset();
    onClose();
  };
  const startsAt = later && startsLocal ? new Date(startsLocal).toISOString() : null;
  const endsAt = endOf(startsAt ? new Date(startsAt).getTime() : Date.now(), duration, customEnd);

  const save = useMutation({
    mutationFn: () =>
      silencesApi.create({
        matchers: matchers.map((m) => ({ ...m, label: m.label.trim() })),
        ...(startsAt && { startsAt }),
        endsAt: endsAt ?? '',
        comment: comment.trim(),
        serviceId: serviceId || null,
      }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: [silencesKey] });
      void client.invalidateQueries({ queryKey: [alertsKey] });
      f.reset();
      onCreated?.(created);
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(check(matchers, endsAt, startsAt, later))) save.mutate();
  };

  return (
    <Dialog open={open} title="New silence" onClose={close} busy={save.isPending} wide>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <MatcherRows
          matchers={matchers}
          errors={f.errors}
          knownLabels={prefill?.matchers.map((m) => m.label) ?? []}
          onChange={(next) => {
            setMatchers(next);
            f.reset();
          }}
        />
        <SelectField
          label="Service"
          name="serviceId"
          value={serviceId}
          error={f.errors.serviceId}
          hint="Silence only this service’s alerts, or alerts of any service that match."
          options={[
            { value: '', label: 'Any service' },
            ...(services.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => setServiceId(e.target.value)}
        />
        <CheckboxField
          label="Start later"
          name="later"
          hint="Otherwise the silence starts now."
          checked={later}
          onChange={(e) => setLater(e.target.checked)}
        />
        {later ? (
          <TextField
            label="Starts at"
            name="startsAt"
            type="datetime-local"
            value={startsLocal}
            error={f.errors.startsAt}
            onChange={(e) => {
              setStartsLocal(e.target.value);
              f.clear('startsAt');
            }}
          />
        ) : null}
        <DurationField
          duration={duration}
          customEnd={customEnd}
          error={f.errors.endsAt}
          onDuration={(v) => {
            setDuration(v);
            f.clear('endsAt');
          }}
          onCustomEnd={(v) => {
            setCustomEnd(v);
            f.clear('endsAt');
          }}
        />
        <TextAreaField
          label="Comment"
          name="comment"
          rows={2}
          hint="Why, for the people who wonder where their pages went: “Deploying the new DB cluster (CHG-123)”."
          value={comment}
          error={f.errors.comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <div className="form-actions">
          <Button onClick={close} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Creating…">
            Create silence
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
