import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../app/session.js';
import { browserTimeZone, roleLabels } from '../../lib/format.js';
import { roles, type Role, type User } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CopyField } from '../../components/copy-field.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { absoluteUrl, usersApi, usersKey } from './users.api.js';

const fields = ['name', 'email', 'role', 'timeZone', 'password'] as const;
const blank = { name: '', email: '', role: 'responder' as Role, timeZone: browserTimeZone(), password: '' };

/** Adds a user. Without a password the server returns a one-time invite link, shown once here. */
export function UserCreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const client = useQueryClient();
  const [form, setForm] = useState(blank);
  const [created, setCreated] = useState<{ user: User; inviteUrl: string | null } | null>(null);
  const f = useFormErrors(fields);
  const set = (key: keyof typeof form, value: string): void => {
    setForm((s) => ({ ...s, [key]: value }));
    f.clear(key);
  };
  const roleOptions = roles
    .filter((r) => r !== 'owner' || me.role === 'owner')
    .map((r) => ({ value: r, label: roleLabels[r] ?? r }));

  const create = useMutation({
    mutationFn: () =>
      usersApi.create({
        name: form.name.trim(),
        email: form.email.trim(),
        role: form.role,
        timeZone: form.timeZone,
        ...(form.password ? { password: form.password } : {}),
      }),
    onSuccess: (r) => {
      setCreated(r);
      void client.invalidateQueries({ queryKey: [usersKey] });
    },
    onError: (err) => f.fromServer(err),
  });

  const close = (): void => {
    setForm(blank);
    setCreated(null);
    f.reset();
    create.reset();
    onClose();
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      name: v.required(form.name, 'Name'),
      email: v.email(form.email),
      password: form.password ? v.password(form.password) : undefined,
    });
    if (ok) create.mutate();
  };

  return (
    <Dialog open={open} title={created ? 'User added' : 'Add user'} onClose={close} busy={create.isPending}>
      {created ? (
        <div className="form">
          <Alert tone="success">
            <strong>{created.user.name}</strong> ({created.user.email}) can now{' '}
            {created.inviteUrl ? 'set a password with the link below' : 'sign in with the password you chose'}
            .
          </Alert>
          {created.inviteUrl ? (
            <>
              <CopyField
                label="Invite link"
                value={absoluteUrl(created.inviteUrl)}
                hint="Send this link to them. It works once and is shown only now."
              />
            </>
          ) : null}
          <div className="form-actions">
            <Button variant="primary" onClick={close} autoFocus>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form ref={f.formRef} onSubmit={submit} noValidate className="form">
          {f.formError ? (
            <Alert ref={f.alertRef} tone="error">
              {f.formError}
            </Alert>
          ) : null}
          <TextField
            label="Name"
            name="name"
            autoComplete="off"
            value={form.name}
            error={f.errors.name}
            onChange={(e) => set('name', e.target.value)}
          />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="off"
            value={form.email}
            error={f.errors.email}
            onChange={(e) => set('email', e.target.value)}
          />
          <SelectField
            label="Role"
            name="role"
            value={form.role}
            error={f.errors.role}
            options={roleOptions}
            hint="Admins manage people and settings. Responders handle alerts and incidents. Stakeholders and viewers follow along."
            onChange={(e) => set('role', e.target.value)}
          />
          <TimeZoneField
            value={form.timeZone}
            error={f.errors.timeZone}
            onChange={(tz) => set('timeZone', tz)}
          />
          <TextField
            label="Password (optional)"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="Leave empty to get a one-time invite link instead."
            value={form.password}
            error={f.errors.password}
            onChange={(e) => set('password', e.target.value)}
          />
          <div className="form-actions">
            <Button onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={create.isPending} pendingLabel="Adding…">
              Add user
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
