import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey, useMe } from '../../app/session.js';
import { roleLabels } from '../../lib/format.js';
import { roles, type Role, type User } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { usersApi, usersKey } from './users.api.js';

/** An admin edits someone's name, role and time zone. */
export function UserEditForm({ user }: { user: User }) {
  const me = useMe();
  const client = useQueryClient();
  const [form, setForm] = useState({
    name: user.name,
    email: user.email,
    role: user.role,
    timeZone: user.timeZone,
  });
  const f = useFormErrors(['name', 'email', 'role', 'timeZone']);
  const set = (key: keyof typeof form, value: string): void => {
    setForm((s) => ({ ...s, [key]: value }));
    f.clear(key);
    save.reset();
  };
  const roleOptions = roles
    .filter((r) => r !== 'owner' || me.role === 'owner')
    .map((r) => ({ value: r, label: roleLabels[r] ?? r }));

  const save = useMutation({
    mutationFn: () =>
      usersApi.update(user.id, {
        name: form.name.trim(),
        ...(form.email.trim() !== user.email ? { email: form.email.trim() } : {}),
        role: form.role as Role,
        timeZone: form.timeZone,
      }),
    onSuccess: (updated) => {
      client.setQueryData([usersKey, 'detail', user.id], updated);
      void client.invalidateQueries({ queryKey: [usersKey, 'list'] });
      if (user.id === me.id) void client.invalidateQueries({ queryKey: meKey });
    },
    onError: (err) => f.fromServer(err),
  });
  const changed =
    form.name !== user.name ||
    form.email !== user.email ||
    form.role !== user.role ||
    form.timeZone !== user.timeZone;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ name: v.required(form.name, 'Name'), email: v.email(form.email) })) save.mutate();
  };

  return (
    <section className="card" aria-labelledby="user-edit">
      <h2 id="user-edit">Details</h2>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Name"
          name="name"
          value={form.name}
          error={f.errors.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
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
          disabled={user.id === me.id}
          hint={user.id === me.id ? 'You cannot change your own role.' : undefined}
          onChange={(e) => set('role', e.target.value)}
        />
        <TimeZoneField
          value={form.timeZone}
          error={f.errors.timeZone}
          onChange={(tz) => set('timeZone', tz)}
        />
        <div className="form-actions form-actions-start">
          <Button
            type="submit"
            variant="primary"
            disabled={!changed}
            pending={save.isPending}
            pendingLabel="Saving…"
          >
            Save changes
          </Button>
          {save.isSuccess && !changed ? (
            <span className="muted" role="status">
              Saved.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
