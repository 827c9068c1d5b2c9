import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { authApi } from './auth.api.js';

/**
 * "Forgot password?": asks for an email. The server answers the same whether or not the account
 * exists, and so does this form, so it cannot be used to find out who has an account.
 */
export function ForgotPasswordForm({ onBack }: { onBack: () => void }) {
  const [email, setEmail] = useState('');
  const f = useFormErrors(['email']);
  const request = useMutation({
    mutationFn: () => authApi.requestReset(email.trim()),
    onError: (err) => f.fromServer(err),
  });

  if (request.isSuccess) {
    return (
      <div className="form">
        <Alert tone="success" title="Check your email">
          If an account exists for <strong>{email.trim()}</strong>, we sent it a link to choose a new
          password. The link expires soon. No email? Ask an admin of your Keel to issue a reset link from
          Settings → Users.
        </Alert>
        <button type="button" className="link-button" onClick={onBack}>
          Back to sign in
        </button>
      </div>
    );
  }

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!f.check({ email: v.email(email) })) return;
    request.mutate();
  };

  return (
    <form ref={f.formRef} onSubmit={submit} noValidate className="form">
      {f.formError ? (
        <Alert ref={f.alertRef} tone="error">
          {f.formError}
        </Alert>
      ) : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        autoFocus
        value={email}
        error={f.errors.email}
        onChange={(e) => {
          setEmail(e.target.value);
          f.clear('email');
        }}
      />
      <Button
        type="submit"
        variant="primary"
        className="btn-block"
        pending={request.isPending}
        pendingLabel="Sending…"
      >
        Send reset link
      </Button>
      <button type="button" className="link-button" onClick={onBack}>
        Back to sign in
      </button>
    </form>
  );
}
