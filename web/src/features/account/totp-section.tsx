import { useMutation } from '@tanstack/react-query';
import { useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { accountApi } from './account.api.js';
import { TotpDisableForm, TotpEnableForm } from './totp-forms.js';

/**
 * Two-factor authentication with a TOTP app. Setup shows the secret and the otpauth:// URL as
 * text (no QR image), then asks for a code to prove the app was set up before turning it on.
 */
export function TotpSection() {
  const me = useMe();
  const setup = useMutation({ mutationFn: accountApi.totpSetup });

  return (
    <section className="card" aria-labelledby="totp-title">
      <h2 id="totp-title">
        Two-factor authentication {me.totpEnabled ? <Badge tone="good">On</Badge> : <Badge>Off</Badge>}
      </h2>
      {me.totpEnabled ? (
        <>
          <p className="muted">Signing in asks for a code from your authenticator app after your password.</p>
          <TotpDisableForm />
        </>
      ) : setup.data ? (
        <>
          <ol className="steps">
            <li>
              In your authenticator app (1Password, Google Authenticator, Aegis…), add an account with the
              secret below, or paste the whole otpauth URL if the app accepts one.
            </li>
            <li>Enter the 6-digit code the app shows, to confirm it works.</li>
          </ol>
          <TotpEnableForm
            secret={setup.data.secret}
            otpauthUrl={setup.data.otpauthUrl}
            onCancel={() => setup.reset()}
          />
        </>
      ) : (
        <>
          <p className="muted">
            Protect your account with a code from an authenticator app on your phone, in addition to your
            password.
          </p>
          {setup.isError ? <Alert tone="error">{errorMessage(setup.error)}</Alert> : null}
          <div className="form-actions form-actions-start">
            <Button
              variant="primary"
              onClick={() => setup.mutate()}
              pending={setup.isPending}
              pendingLabel="Preparing…"
            >
              Set up two-factor
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
