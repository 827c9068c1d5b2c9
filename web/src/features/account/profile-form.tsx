import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey, useMe } from '../../app/session.js';
import type { Me } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { accountApi } from './account.api.js';

export function ProfileForm() {
  const me = useMe();
  const client = useQueryClient();
  const [name, setName] = useState(me.name);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const f = useFormErrors(['name', 'timeZone']);
  const save = useMutation({
    mutationFn: () => accountApi.update({ name: name.trim(), timeZone }),
    onSuccess: (user) => {
      client.setQueryData<Me | null>(meKey, (cur) => (cur ? { ...cur, ...user } : cur));
      void client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (err) => f.fromServer(err),
  });
  const changed = name !== me.name || timeZone !== me.timeZone;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ name: v.required(name, 'Name') })) save.mutate();
  };

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Email"
          name="email"
          value={me.email}
          readOnly
          hint="Ask an owner or admin to change your email."
        />
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          value={name}
          error={f.errors.name}
          onChange={(e) => {
            setName(e.target.value);
            f.clear('name');
            save.reset();
          }}
        />
        <TimeZoneField
          value={timeZone}
          error={f.errors.timeZone}
          onChange={(tz) => {
            setTimeZone(tz);
            save.reset();
          }}
        />
        <div className="form-actions form-actions-start">
          <Button
            type="submit"
            variant="primary"
            disabled={!changed}
            pending={save.isPending}
            pendingLabel="Saving…"
          >
            Save profile
          </Button>
          {save.isSuccess ? (
            <span className="muted" role="status">
              Saved.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
