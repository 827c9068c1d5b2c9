import { useState, type FormEvent } from 'react';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { fromZonedInput, toZonedInput } from '../../lib/zoned-time.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextField } from '../../components/field.js';
import { MemberList } from './member-list.js';
import { RestrictionFields } from './restriction-fields.js';
import { iso, rotationKinds, type Layer, type RotationKind } from './schedules.api.js';

const fields = ['name', 'members', 'rotation.kind', 'rotation.every', 'startsAt', 'endsAt', 'restrictions'];
const kindLabels: Record<RotationKind, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  days: 'Every N days',
  hours: 'Every N hours',
};

function check(l: {
  name: string;
  members: string[];
  every: number;
  starts: string | null;
  ends: string | null;
}): Errors {
  const e: Errors = {};
  if (!l.name.trim()) e.name = 'Name the layer, e.g. “Primary”.';
  if (l.members.length === 0) e.members = 'Add at least one person.';
  if (!Number.isInteger(l.every) || l.every < 1) e['rotation.every'] = 'Enter a whole number of 1 or more.';
  if (!l.starts) e.startsAt = 'Pick the first hand-off.';
  if (l.ends && l.starts && l.ends <= l.starts) e.endsAt = 'The end must be after the first hand-off.';
  return e;
}

/**
 * Adds or edits one layer. Times are entered in the schedule's time zone: a 09:00 hand-off stays
 * at 09:00 local time across daylight-saving changes. The caller saves the whole schedule.
 */
export function LayerDialog({
  open,
  layer,
  index,
  timeZone,
  onClose,
  onSave,
}: {
  open: boolean;
  layer: Layer | null;
  /** The layer's place in the schedule, to put the server's `layers.N.field` errors under fields. */
  index: number;
  timeZone: string;
  onClose: () => void;
  /** Saves the schedule with this layer; rejects with the server's error. */
  onSave: (layer: Layer) => Promise<unknown>;
}) {
  const [name, setName] = useState(layer?.name ?? 'Primary');
  const [members, setMembers] = useState<string[]>(layer?.members ?? []);
  const [kind, setKind] = useState<RotationKind>(layer?.rotation.kind ?? 'weekly');
  const [every, setEvery] = useState(String(layer?.rotation.every ?? 1));
  const initialStart = iso(layer?.startsAt) ?? defaultStart();
  const [startsLocal, setStartsLocal] = useState(toZonedInput(initialStart, timeZone));
  const endIso = iso(layer?.endsAt);
  const [endsLocal, setEndsLocal] = useState(endIso ? toZonedInput(endIso, timeZone) : '');
  const [restrictions, setRestrictions] = useState(layer?.restrictions ?? null);
  const [pending, setPending] = useState(false);
  const f = useFormErrors(fields);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const starts = fromZonedInput(startsLocal, timeZone);
    const ends = endsLocal ? fromZonedInput(endsLocal, timeZone) : null;
    if (!f.check(check({ name, members, every: Number(every), starts, ends }))) return;
    setPending(true);
    try {
      await onSave({
        ...(layer?.id ? { id: layer.id } : {}),
        name: name.trim(),
        members,
        rotation: { kind, every: Number(every) },
        startsAt: starts as string,
        endsAt: ends,
        restrictions,
      });
      onClose();
    } catch (err) {
      f.fromServer(err, Object.fromEntries(fields.map((k) => [`layers.${index}.${k}`, k])));
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={layer ? `Edit layer ${layer.name}` : 'Add a layer'}
      onClose={onClose}
      busy={pending}
      wide
    >
      <form ref={f.formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Layer name"
          name="name"
          value={name}
          maxLength={100}
          error={f.errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <MemberList members={members} error={f.errors.members} onChange={setMembers} />
        <div className="field-row">
          <SelectField
            label="Rotation"
            name="rotation.kind"
            value={kind}
            error={f.errors['rotation.kind']}
            options={rotationKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
            onChange={(e) => setKind(e.target.value as RotationKind)}
          />
          <TextField
            label={kind === 'hours' ? 'Every (hours)' : kind === 'weekly' ? 'Every (weeks)' : 'Every (days)'}
            name="rotation.every"
            type="number"
            min={1}
            className="field-narrow"
            value={every}
            error={f.errors['rotation.every']}
            onChange={(e) => setEvery(e.target.value)}
          />
        </div>
        <div className="field-row">
          <TextField
            label="First hand-off"
            name="startsAt"
            type="datetime-local"
            value={startsLocal}
            error={f.errors.startsAt}
            hint={`In ${timeZone}. The first member starts here; later hand-offs keep this time of day.`}
            onChange={(e) => setStartsLocal(e.target.value)}
          />
          <TextField
            label="Ends (optional)"
            name="endsAt"
            type="datetime-local"
            value={endsLocal}
            error={f.errors.endsAt}
            hint="Leave empty to rotate forever."
            onChange={(e) => setEndsLocal(e.target.value)}
          />
        </div>
        <RestrictionFields value={restrictions} error={f.errors.restrictions} onChange={setRestrictions} />
        <div className="form-actions">
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={pending} pendingLabel="Saving…">
            {layer ? 'Save layer' : 'Add layer'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Today at 09:00 in the browser's zone, as a sensible first hand-off. */
function defaultStart(): string {
  const d = new Date();
  d.setHours(9, 0, 0, 0);
  return d.toISOString();
}
