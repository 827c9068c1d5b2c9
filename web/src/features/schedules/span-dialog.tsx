import { useState, type FormEvent } from 'react';
import { useMe } from '../../app/session.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { fromZonedInput, toZonedInput } from '../../lib/zoned-time.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { TextAreaField, TextField } from '../../components/field.js';
import { PersonSearch } from './person-search.js';

export interface SpanInput {
  userId: string;
  startsAt: string;
  endsAt: string;
  note: string;
}

const fields = ['userId', 'startsAt', 'endsAt', 'note'];

/** The next whole hour, and eight hours after it, as local inputs in `timeZone`. */
function defaults(timeZone: string): [string, string] {
  const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return [
    toZonedInput(new Date(start).toISOString(), timeZone),
    toZonedInput(new Date(start + 8 * 3_600_000).toISOString(), timeZone),
  ];
}

/**
 * A span of time in the schedule's zone, for an override (who covers it; admins may pick anyone,
 * others cover themselves) or a cover request (with a note).
 */
export function SpanDialog({
  open,
  title,
  submitLabel,
  timeZone,
  person,
  withNote = false,
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  timeZone: string;
  /** 'anyone': pick the person; 'self': the signed-in user; 'none': no person. */
  person: 'anyone' | 'self' | 'none';
  withNote?: boolean;
  onClose: () => void;
  onSubmit: (input: SpanInput) => Promise<unknown>;
}) {
  const me = useMe();
  const [start0, end0] = defaults(timeZone);
  const [startsLocal, setStartsLocal] = useState(start0);
  const [endsLocal, setEndsLocal] = useState(end0);
  const [who, setWho] = useState<{ id: string; name: string }>({ id: me.id, name: me.name });
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const f = useFormErrors(fields);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const startsAt = fromZonedInput(startsLocal, timeZone);
    const endsAt = fromZonedInput(endsLocal, timeZone);
    const errors: Errors = {};
    if (!startsAt) errors.startsAt = 'Pick when it starts.';
    if (!endsAt) errors.endsAt = 'Pick when it ends.';
    else if (startsAt && endsAt <= startsAt) errors.endsAt = 'The end must be after the start.';
    if (!f.check(errors)) return;
    setPending(true);
    try {
      await onSubmit({
        userId: who.id,
        startsAt: startsAt as string,
        endsAt: endsAt as string,
        note: note.trim(),
      });
      onClose();
    } catch (err) {
      f.fromServer(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog open={open} title={title} onClose={onClose} busy={pending} wide={person === 'anyone'}>
      <form ref={f.formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        {person !== 'none' ? (
          <div className="field">
            <span className="field-label">Who covers it</span>
            <p>
              <strong data-testid="override-person">{who.name}</strong>
              {who.id === me.id ? ' (you)' : ''}
            </p>
            {person === 'anyone' ? (
              <PersonSearch
                label="Find someone else"
                actionLabel="Choose"
                picked={[who.id]}
                onPick={(u) => setWho({ id: u.id, name: u.name })}
              />
            ) : null}
            {f.errors.userId ? <p className="field-error">{f.errors.userId}</p> : null}
          </div>
        ) : null}
        <div className="field-row">
          <TextField
            label="Starts"
            name="startsAt"
            type="datetime-local"
            value={startsLocal}
            error={f.errors.startsAt}
            hint={`In ${timeZone}.`}
            onChange={(e) => setStartsLocal(e.target.value)}
          />
          <TextField
            label="Ends"
            name="endsAt"
            type="datetime-local"
            value={endsLocal}
            error={f.errors.endsAt}
            onChange={(e) => setEndsLocal(e.target.value)}
          />
        </div>
        {withNote ? (
          <TextAreaField
            label="Note (optional)"
            name="note"
            rows={2}
            value={note}
            error={f.errors.note}
            hint="Why, for whoever picks it up: “Dentist on Tuesday morning”."
            onChange={(e) => setNote(e.target.value)}
          />
        ) : null}
        <div className="form-actions">
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={pending} pendingLabel="Saving…">
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
