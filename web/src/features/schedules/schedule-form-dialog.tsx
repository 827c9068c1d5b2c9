import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { browserTimeZone } from '../../lib/format.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { fromZonedInput, toZonedInput } from '../../lib/zoned-time.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextAreaField, TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { useTeams } from '../services/services.api.js';
import { MemberList } from './member-list.js';
import {
  rotationKinds,
  schedulesApi,
  schedulesKey,
  type RotationKind,
  type Schedule,
} from './schedules.api.js';

const fields = ['name', 'description', 'timeZone', 'teamId', 'members', 'rotation', 'startsAt'];
const rename = {
  'layers.0.members': 'members',
  'layers.0.rotation': 'rotation',
  'layers.0.startsAt': 'startsAt',
};
const kindLabels: Record<RotationKind, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  days: 'Every N days',
  hours: 'Every N hours',
};

/** Monday 09:00 this week in `tz`, a usual first hand-off. */
function mondayNine(tz: string): string {
  const d = new Date();
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return `${toZonedInput(d.toISOString(), tz).slice(0, 10)}T09:00`;
}

/**
 * Creates a schedule with its first layer (a schedule always has one: who takes turns, how often,
 * from when), or edits a schedule's name, description, time zone and team. Layers are edited on
 * the schedule's page.
 */
export function ScheduleFormDialog({
  open,
  schedule,
  onClose,
  onSaved,
}: {
  open: boolean;
  schedule?: Schedule;
  onClose: () => void;
  onSaved?: (s: Schedule) => void;
}) {
  const client = useQueryClient();
  const teams = useTeams();
  const [name, setName] = useState(schedule?.name ?? '');
  const [description, setDescription] = useState(schedule?.description ?? '');
  const [timeZone, setTimeZone] = useState(schedule?.timeZone ?? browserTimeZone());
  const [teamId, setTeamId] = useState(schedule?.teamId ?? '');
  const [members, setMembers] = useState<string[]>([]);
  const [kind, setKind] = useState<RotationKind>('weekly');
  const [startsLocal, setStartsLocal] = useState(() => mondayNine(timeZone));
  const f = useFormErrors(fields);
  const save = useMutation({
    mutationFn: () => {
      const base = { name: name.trim(), description: description.trim(), timeZone, teamId: teamId || null };
      if (schedule) return schedulesApi.update(schedule.id, base);
      const startsAt = fromZonedInput(startsLocal, timeZone) ?? '';
      return schedulesApi.create({
        ...base,
        layers: [{ name: 'Primary', members, rotation: { kind, every: 1 }, startsAt, restrictions: null }],
      });
    },
    onSuccess: (s) => {
      void client.invalidateQueries({ queryKey: [schedulesKey] });
      void client.invalidateQueries({ queryKey: ['oncall'] });
      onSaved?.(s);
      onClose();
    },
    onError: (err) => f.fromServer(err, rename),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const errors: Errors = {};
    if (!name.trim()) errors.name = 'Name the schedule, e.g. “Payments primary”.';
    if (!schedule && members.length === 0) errors.members = 'Add at least one person to take turns.';
    if (!schedule && !fromZonedInput(startsLocal, timeZone)) errors.startsAt = 'Pick the first hand-off.';
    if (f.check(errors)) save.mutate();
  };

  return (
    <Dialog
      open={open}
      title={schedule ? `Edit ${schedule.name}` : 'New schedule'}
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
          label="Name"
          name="name"
          value={name}
          maxLength={100}
          error={f.errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field-row">
          <TimeZoneField
            value={timeZone}
            error={f.errors.timeZone}
            hint="Hand-offs and restrictions are in this zone; a 09:00 hand-off stays at 09:00 across DST."
            onChange={setTimeZone}
          />
          <SelectField
            label="Team"
            name="teamId"
            value={teamId}
            error={f.errors.teamId}
            options={[
              { value: '', label: 'No team' },
              ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
            ]}
            onChange={(e) => setTeamId(e.target.value)}
          />
        </div>
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={2}
          value={description}
          error={f.errors.description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {schedule ? null : (
          <fieldset className="fieldset">
            <legend>First layer</legend>
            <MemberList members={members} error={f.errors.members} onChange={setMembers} />
            <div className="field-row">
              <SelectField
                label="Rotation"
                name="rotation"
                value={kind}
                error={f.errors.rotation}
                options={rotationKinds
                  .filter((k) => k === 'daily' || k === 'weekly')
                  .map((k) => ({ value: k, label: kindLabels[k] }))}
                onChange={(e) => setKind(e.target.value as RotationKind)}
              />
              <TextField
                label="First hand-off"
                name="startsAt"
                type="datetime-local"
                value={startsLocal}
                error={f.errors.startsAt}
                hint={`In ${timeZone}.`}
                onChange={(e) => setStartsLocal(e.target.value)}
              />
            </div>
            <p className="field-hint">
              Restrictions, other rotations and more layers are on the schedule’s page.
            </p>
          </fieldset>
        )}
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {schedule ? 'Save' : 'Create schedule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
