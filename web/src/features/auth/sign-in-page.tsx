import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate, useLocation } from '../../app/router.js';
import { safeNext, signedIn } from '../../app/session.js';
import { setCsrfToken } from '../../lib/api.js';
import type { User } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { AuthLayout } from './auth-layout.js';
import { authApi } from './auth.api.js';
import { ForgotPasswordForm } from './forgot-password-form.js';
import { TotpStep } from './totp-step.js';

type Mode = 'password' | 'totp' | 'forgot';

/** Sign in: email and password, then a TOTP code when the account has two-factor on. */
export function SignInPage() {
  const [mode, setMode] = useState<Mode>('password');
  const { search } = useLocation();
  const client = useQueryClient();
  const done = (): void => navigate(safeNext(search.get('next')), { replace: true });

  if (mode === 'totp') {
    return (
      <AuthLayout title="Two-factor code" subtitle="Enter the 6-digit code from your authenticator app.">
        <TotpStep onDone={done} onBack={() => setMode('password')} />
      </AuthLayout>
    );
  }
  if (mode === 'forgot') {
    return (
      <AuthLayout title="Reset your password" subtitle="We will email you a link to choose a new password.">
        <ForgotPasswordForm onBack={() => setMode('password')} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Sign in to Keel">
      <PasswordForm
        onSignedIn={(user, token) => {
          signedIn(client, user, token);
          done();
        }}
        onMfa={(token) => {
          setCsrfToken(token);
          setMode('totp');
        }}
        onForgot={() => setMode('forgot')}
      />
    </AuthLayout>
  );
}

interface PasswordFormProps {
  onSignedIn: (user: User, csrfToken: string) => void;
  onMfa: (csrfToken: string) => void;
  onForgot: () => void;
}

function PasswordForm({ onSignedIn, onMfa, onForgot }: PasswordFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const f = useFormErrors(['email', 'password']);
  const login = useMutation({
    mutationFn: () => authApi.login(email.trim(), password),
    onSuccess: (r) => ('mfaRequired' in r ? onMfa(r.csrfToken) : onSignedIn(r.user, r.csrfToken)),
    onError: (err) => f.fromServer(err),
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!f.check({ email: v.email(email), password: password ? undefined : 'Password is required.' })) return;
    login.mutate();
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
        value={email}
        error={f.errors.email}
        onChange={(e) => {
          setEmail(e.target.value);
          f.clear('email');
        }}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        error={f.errors.password}
        onChange={(e) => {
          setPassword(e.target.value);
          f.clear('password');
        }}
      />
      <Button
        type="submit"
        variant="primary"
        className="btn-block"
        pending={login.isPending}
        pendingLabel="Signing in…"
      >
        Sign in
      </Button>
      <button type="button" className="link-button" onClick={onForgot}>
        Forgot password?
      </button>
    </form>
  );
}
