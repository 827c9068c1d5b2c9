import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { accountApi } from './account.api.js';

const blank = { currentPassword: '', newPassword: '', confirm: '' };

export function PasswordForm() {
  const [form, setForm] = useState(blank);
  const f = useFormErrors(['currentPassword', 'newPassword', 'confirm']);
  const change = useMutation({
    mutationFn: () => accountApi.changePassword(form.currentPassword, form.newPassword),
    onSuccess: () => setForm(blank),
    onError: (err) => f.fromServer(err, { password: 'currentPassword' }),
  });
  const set = (key: keyof typeof form, value: string): void => {
    setForm((s) => ({ ...s, [key]: value }));
    f.clear(key);
    if (change.isSuccess) change.reset();
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      currentPassword: form.currentPassword ? undefined : 'Enter your current password.',
      newPassword: v.password(form.newPassword, 'New password'),
      confirm: form.confirm === form.newPassword ? undefined : 'The passwords do not match.',
    });
    if (ok) change.mutate();
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        {change.isSuccess ? (
          <Alert tone="success">Password changed. Your other sessions were signed out.</Alert>
        ) : null}
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={form.currentPassword}
          error={f.errors.currentPassword}
          onChange={(e) => set('currentPassword', e.target.value)}
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={`At least ${v.minPasswordLength} characters.`}
          value={form.newPassword}
          error={f.errors.newPassword}
          onChange={(e) => set('newPassword', e.target.value)}
        />
        <TextField
          label="Confirm new password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={form.confirm}
          error={f.errors.confirm}
          onChange={(e) => set('confirm', e.target.value)}
        />
        <div className="form-actions form-actions-start">
          <Button type="submit" variant="primary" pending={change.isPending} pendingLabel="Changing…">
            Change password
          </Button>
        </div>
      </form>
    </section>
  );
}
