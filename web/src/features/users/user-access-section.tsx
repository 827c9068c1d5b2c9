import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../app/router.js';
import { errorMessage } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import type { User } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { CopyField } from '../../components/copy-field.js';
import { absoluteUrl, usersApi, usersKey } from './users.api.js';

/** Disable or enable sign-in, issue a password reset link, or delete the user. */
export function UserAccessSection({ user }: { user: User }) {
  const client = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = (): void => void client.invalidateQueries({ queryKey: [usersKey] });

  const toggle = useMutation({
    mutationFn: () => usersApi.update(user.id, { disabled: !user.disabled }),
    onSuccess: (updated) => {
      client.setQueryData([usersKey, 'detail', user.id], updated);
      refresh();
    },
  });
  const reset = useMutation({ mutationFn: () => usersApi.issueReset(user.id) });
  const remove = useMutation({
    mutationFn: () => usersApi.remove(user.id),
    onSuccess: () => {
      client.removeQueries({ queryKey: [usersKey, 'detail', user.id] });
      refresh();
      navigate('/settings/users');
    },
  });

  return (
    <section className="card" aria-labelledby="user-access">
      <h2 id="user-access">Access</h2>
      <div className="action-row">
        <div>
          <p className="action-title">{user.disabled ? 'Sign-in is disabled' : 'Sign-in is allowed'}</p>
          <p className="muted small">
            Disabling signs them out everywhere and stops their API keys. Nothing is deleted.
          </p>
        </div>
        <Button
          onClick={() => toggle.mutate()}
          pending={toggle.isPending}
          pendingLabel={user.disabled ? 'Enabling…' : 'Disabling…'}
        >
          {user.disabled ? 'Enable user' : 'Disable user'}
        </Button>
      </div>
      {toggle.isError ? <Alert tone="error">{errorMessage(toggle.error)}</Alert> : null}
      <div className="action-row">
        <div>
          <p className="action-title">Password reset link</p>
          <p className="muted small">
            A one-time link to choose a new password, for when email is not set up or did not arrive.
          </p>
        </div>
        <Button onClick={() => reset.mutate()} pending={reset.isPending} pendingLabel="Issuing…">
          Issue reset link
        </Button>
      </div>
      {reset.isError ? <Alert tone="error">{errorMessage(reset.error)}</Alert> : null}
      {reset.data ? (
        <CopyField
          label="Reset link"
          value={absoluteUrl(reset.data.url)}
          hint={`Works once, until ${formatDateTime(reset.data.expiresAt)}. Send it to ${user.name} privately.`}
        />
      ) : null}
      <div className="action-row danger-zone">
        <div>
          <p className="action-title">Delete user</p>
          <p className="muted small">
            Removes the account and its API keys. The audit log keeps what they did.
          </p>
        </div>
        <Button variant="danger" onClick={() => setConfirmDelete(true)}>
          Delete user
        </Button>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${user.name}?`}
        confirmLabel="Delete user"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      >
        <p>
          {user.email} will no longer be able to sign in, and their API keys stop working. This cannot be
          undone; to keep the account but block access, disable it instead.
        </p>
      </ConfirmDialog>
    </section>
  );
}
