import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signedIn } from '../../app/session.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { authApi } from './auth.api.js';

/** The second sign-in step for accounts with two-factor authentication. */
export function TotpStep({ onDone, onBack }: { onDone: () => void; onBack: () => void }) {
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const f = useFormErrors(['code']);
  const verify = useMutation({
    mutationFn: () => authApi.totp(code.replace(/\s+/g, '')),
    onSuccess: (r) => {
      signedIn(client, r.user, r.csrfToken);
      onDone();
    },
    onError: (err) => {
      f.fromServer(err);
      setCode('');
    },
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const clean = code.replace(/\s+/g, '');
    if (!f.check({ code: /^\d{6}$/.test(clean) ? undefined : 'Enter the 6-digit code.' })) return;
    verify.mutate();
  };

  return (
    <form ref={f.formRef} onSubmit={submit} noValidate className="form">
      {f.formError ? (
        <Alert ref={f.alertRef} tone="error">
          {f.formError}
        </Alert>
      ) : null}
      <TextField
        label="Authentication code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        maxLength={7}
        value={code}
        error={f.errors.code}
        onChange={(e) => {
          setCode(e.target.value);
          f.clear('code');
        }}
      />
      <Button
        type="submit"
        variant="primary"
        className="btn-block"
        pending={verify.isPending}
        pendingLabel="Verifying…"
      >
        Verify
      </Button>
      <button type="button" className="link-button" onClick={onBack}>
        Back to sign in
      </button>
    </form>
  );
}
