import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { TextAreaField } from '../../components/field.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { formatMinutes, incidentsApi, isOpen, type IncidentDetail } from './incidents.api.js';
import { useIncidentAction } from './use-incident-action.js';

const snoozeChoices = [60, 240, 1440];
const noteFields = ['note'] as const;

/**
 * What a responder does to an incident's status: acknowledge, resolve (with an optional note),
 * reopen, and snooze escalation for a while. Only what the current status allows is offered.
 */
export function IncidentActions({
  incident,
  routeId,
  now,
}: {
  incident: IncidentDetail;
  routeId: string;
  now: number;
}) {
  const [resolving, setResolving] = useState(false);
  const status = useIncidentAction(routeId, (action: 'acknowledge' | 'reopen') =>
    action === 'acknowledge' ? incidentsApi.acknowledge(incident.id) : incidentsApi.reopen(incident.id),
  );
  const snooze = useIncidentAction(routeId, (minutes: number) => incidentsApi.snooze(incident.id, minutes));
  const error = status.error ?? snooze.error;
  const snoozed = incident.snoozedUntil && new Date(incident.snoozedUntil).getTime() > now;

  return (
    <div className="incident-actions">
      <div className="incident-actions-row">
        {incident.status === 'triggered' ? (
          <Button
            variant="primary"
            pending={status.isPending && status.variables === 'acknowledge'}
            pendingLabel="Acknowledging…"
            onClick={() => {
              snooze.reset();
              status.mutate('acknowledge');
            }}
          >
            Acknowledge
          </Button>
        ) : null}
        {isOpen(incident) ? (
          <Button
            variant={incident.status === 'acknowledged' ? 'primary' : 'secondary'}
            onClick={() => setResolving(true)}
          >
            Resolve…
          </Button>
        ) : null}
        {incident.status === 'resolved' && !incident.mergedIntoId ? (
          <Button
            pending={status.isPending && status.variables === 'reopen'}
            pendingLabel="Reopening…"
            onClick={() => {
              snooze.reset();
              status.mutate('reopen');
            }}
          >
            Reopen
          </Button>
        ) : null}
        {isOpen(incident) ? (
          <div className="snooze-group" role="group" aria-label="Snooze escalation">
            <span className="snooze-label" aria-hidden="true">
              Snooze
            </span>
            {snoozeChoices.map((m) => (
              <Button
                key={m}
                size="sm"
                aria-label={`Snooze for ${formatMinutes(m)}`}
                pending={snooze.isPending && snooze.variables === m}
                disabled={snooze.isPending}
                onClick={() => {
                  status.reset();
                  snooze.mutate(m);
                }}
              >
                {formatMinutes(m)}
              </Button>
            ))}
          </div>
        ) : null}
      </div>
      {snoozed && isOpen(incident) ? (
        <p className="muted small" role="status">
          Escalation snoozed until {formatDateTime(incident.snoozedUntil)}.
        </p>
      ) : null}
      {error ? <Alert tone="error">{errorMessage(error)}</Alert> : null}
      <ResolveDialog
        open={resolving}
        incident={incident}
        routeId={routeId}
        onClose={() => setResolving(false)}
      />
    </div>
  );
}

function ResolveDialog({
  open,
  incident,
  routeId,
  onClose,
}: {
  open: boolean;
  incident: IncidentDetail;
  routeId: string;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const f = useFormErrors(noteFields);
  const resolve = useIncidentAction(routeId, (text: string) =>
    incidentsApi.resolve(incident.id, text.trim() || undefined),
  );
  const close = (): void => {
    setNote('');
    f.reset();
    resolve.reset();
    onClose();
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const tooLong =
      note.length > 2000 ? `At most 2,000 characters (now ${note.length.toLocaleString()}).` : undefined;
    if (f.check({ note: tooLong }))
      resolve.mutate(note, { onSuccess: close, onError: (err) => f.fromServer(err) });
  };
  return (
    <Dialog open={open} title={`Resolve #${incident.number}?`} onClose={close} busy={resolve.isPending}>
      <form ref={f.formRef} className="form" onSubmit={submit} noValidate>
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <p className="confirm-body">
          Paging stops and the incident moves to resolved. Its alerts stay as they are; a new alert opens a
          new incident.
        </p>
        <TextAreaField
          label="Resolution note (optional)"
          name="note"
          rows={4}
          value={note}
          error={f.errors.note}
          hint="What fixed it, for the timeline and the postmortem. Markdown works."
          onChange={(e) => {
            setNote(e.target.value);
            f.clear('note');
          }}
        />
        <div className="form-actions">
          <Button onClick={close} disabled={resolve.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={resolve.isPending} pendingLabel="Resolving…">
            Resolve incident
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
