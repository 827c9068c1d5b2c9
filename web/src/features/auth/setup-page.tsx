import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../app/router.js';
import { setupKey, signedIn } from '../../app/session.js';
import { browserTimeZone } from '../../lib/format.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CheckboxField, TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { AuthLayout } from './auth-layout.js';
import { authApi } from './auth.api.js';

const fields = ['name', 'email', 'password', 'confirm', 'timeZone', 'loadSampleData'] as const;

/** First run: create the owner account, optionally with sample data. */
export function SetupPage() {
  const client = useQueryClient();
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    confirm: '',
    timeZone: browserTimeZone(),
    loadSampleData: false,
  });
  const f = useFormErrors(fields);
  const set = (key: keyof typeof form, value: string | boolean): void => {
    setForm((s) => ({ ...s, [key]: value }));
    f.clear(key);
  };

  const setup = useMutation({
    mutationFn: () =>
      authApi.setup({
        name: form.name.trim(),
        email: form.email.trim(),
        password: form.password,
        timeZone: form.timeZone,
        loadSampleData: form.loadSampleData,
      }),
    onSuccess: (r) => {
      signedIn(client, r.user, r.csrfToken);
      client.setQueryData(setupKey, { needsSetup: false });
      navigate('/', { replace: true });
    },
    onError: (err) => f.fromServer(err),
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      name: v.required(form.name, 'Name'),
      email: v.email(form.email),
      password: v.password(form.password),
      confirm: form.confirm === form.password ? undefined : 'The passwords do not match.',
    });
    if (ok) setup.mutate();
  };

  return (
    <AuthLayout
      title="Welcome to Keel"
      subtitle="Create the owner account. The owner can do everything, including adding other people."
    >
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          value={form.name}
          error={f.errors.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={form.email}
          error={f.errors.email}
          onChange={(e) => set('email', e.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${v.minPasswordLength} characters.`}
          value={form.password}
          error={f.errors.password}
          onChange={(e) => set('password', e.target.value)}
        />
        <TextField
          label="Confirm password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={form.confirm}
          error={f.errors.confirm}
          onChange={(e) => set('confirm', e.target.value)}
        />
        <TimeZoneField
          value={form.timeZone}
          error={f.errors.timeZone}
          onChange={(tz) => set('timeZone', tz)}
        />
        <CheckboxField
          label="Load sample data so every page can be tried"
          name="loadSampleData"
          checked={form.loadSampleData}
          error={f.errors.loadSampleData}
          onChange={(e) => set('loadSampleData', e.target.checked)}
        />
        <p className="note">
          Sample data is clearly marked with a <span className="badge badge-sample">Sample</span> badge
          wherever it appears, and you can remove all of it at once from the Home page.
        </p>
        <Button
          type="submit"
          variant="primary"
          className="btn-block"
          pending={setup.isPending}
          pendingLabel="Creating your account…"
        >
          Create owner account
        </Button>
      </form>
    </AuthLayout>
  );
}
