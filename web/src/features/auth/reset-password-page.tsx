import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link, useLocation } from '../../app/router.js';
import { ApiError } from '../../lib/api.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { AuthLayout } from './auth-layout.js';
import { authApi } from './auth.api.js';

/** `/reset-password?token=…`: from a reset email, an admin's reset link, or an invite link. */
export function ResetPasswordPage() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const f = useFormErrors(['newPassword', 'confirm']);
  const complete = useMutation({
    mutationFn: () => authApi.completeReset(token, password),
    onError: (err) => f.fromServer(err, { newPassword: 'newPassword' }),
  });
  const signIn = (
    <Link to="/sign-in" className="btn btn-primary btn-md btn-block">
      Go to sign in
    </Link>
  );

  if (!token) {
    return (
      <AuthLayout title="Reset link incomplete">
        <Alert tone="error">
          This page needs the full link from your email or from your admin, including the part after
          “?token=”.
        </Alert>
        {signIn}
      </AuthLayout>
    );
  }
  if (complete.isSuccess) {
    return (
      <AuthLayout title="Password set">
        <Alert tone="success">
          Your new password is saved. Other sessions for your account were signed out.
        </Alert>
        {signIn}
      </AuthLayout>
    );
  }
  const expired =
    complete.error instanceof ApiError &&
    (complete.error.code === 'gone' || complete.error.code === 'not_found');

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const ok = f.check({
      newPassword: v.password(password, 'New password'),
      confirm: confirm === password ? undefined : 'The passwords do not match.',
    });
    if (ok) complete.mutate();
  };

  return (
    <AuthLayout title="Choose a new password">
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
            {expired
              ? ' Use “Forgot password?” on the sign-in page, or ask an admin for a reset link.'
              : null}
          </Alert>
        ) : null}
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={`At least ${v.minPasswordLength} characters.`}
          value={password}
          error={f.errors.newPassword}
          onChange={(e) => {
            setPassword(e.target.value);
            f.clear('newPassword');
          }}
        />
        <TextField
          label="Confirm new password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          error={f.errors.confirm}
          onChange={(e) => {
            setConfirm(e.target.value);
            f.clear('confirm');
          }}
        />
        <Button
          type="submit"
          variant="primary"
          className="btn-block"
          pending={complete.isPending}
          pendingLabel="Saving…"
        >
          Set password
        </Button>
        <Link to="/sign-in" className="link-button">
          Back to sign in
        </Link>
      </form>
    </AuthLayout>
  );
}
