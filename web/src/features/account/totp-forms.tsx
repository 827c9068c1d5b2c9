import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey } from '../../app/session.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { CopyField } from '../../components/copy-field.js';
import { TextField } from '../../components/field.js';
import { accountApi } from './account.api.js';

/** Groups a base32 secret in fours so it is easier to type by hand. */
const grouped = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();

export function TotpEnableForm({
  secret,
  otpauthUrl,
  onCancel,
}: {
  secret: string;
  otpauthUrl: string;
  onCancel: () => void;
}) {
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const f = useFormErrors(['code']);
  const enable = useMutation({
    mutationFn: () => accountApi.totpEnable(code.replace(/\s+/g, '')),
    onSuccess: () => void client.invalidateQueries({ queryKey: meKey }),
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (
      f.check({
        code: /^\d{6}$/.test(code.replace(/\s+/g, '')) ? undefined : 'Enter the 6-digit code from your app.',
      })
    )
      enable.mutate();
  };
  return (
    <form ref={f.formRef} onSubmit={submit} noValidate className="form">
      <CopyField label="Secret" value={grouped(secret)} hint="Spaces are optional when you type it." />
      <CopyField label="otpauth URL" value={otpauthUrl} multiline />
      {f.formError ? (
        <Alert ref={f.alertRef} tone="error">
          {f.formError}
        </Alert>
      ) : null}
      <TextField
        label="Code from your app"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        className="field-narrow"
        value={code}
        error={f.errors.code}
        onChange={(e) => {
          setCode(e.target.value);
          f.clear('code');
        }}
      />
      <div className="form-actions form-actions-start">
        <Button type="submit" variant="primary" pending={enable.isPending} pendingLabel="Turning on…">
          Turn on two-factor
        </Button>
        <Button onClick={onCancel} disabled={enable.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function TotpDisableForm() {
  const client = useQueryClient();
  const [password, setPassword] = useState('');
  const f = useFormErrors(['password']);
  const disable = useMutation({
    mutationFn: () => accountApi.totpDisable(password),
    onSuccess: () => {
      setPassword('');
      void client.invalidateQueries({ queryKey: meKey });
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ password: password ? undefined : 'Enter your password to turn two-factor off.' }))
      disable.mutate();
  };
  return (
    <form ref={f.formRef} onSubmit={submit} noValidate className="form">
      {f.formError ? (
        <Alert ref={f.alertRef} tone="error">
          {f.formError}
        </Alert>
      ) : null}
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        className="field-narrow"
        value={password}
        error={f.errors.password}
        onChange={(e) => {
          setPassword(e.target.value);
          f.clear('password');
        }}
      />
      <div className="form-actions form-actions-start">
        <Button type="submit" variant="danger" pending={disable.isPending} pendingLabel="Turning off…">
          Turn off two-factor
        </Button>
      </div>
    </form>
  );
}
