import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../app/router.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { TextAreaField, TextField } from '../../components/field.js';
import { teamsApi, teamsKey } from './teams.api.js';

/** Creates a team, then opens it so members can be added. */
export function TeamCreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const f = useFormErrors(['name', 'description']);
  const close = (): void => {
    setName('');
    setDescription('');
    f.reset();
    onClose();
  };
  const create = useMutation({
    mutationFn: () => teamsApi.create({ name: name.trim(), description: description.trim() }),
    onSuccess: (team) => {
      void client.invalidateQueries({ queryKey: [teamsKey] });
      close();
      navigate(`/settings/teams/${team.id}`);
    },
    onError: (err) => f.fromServer(err),
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ name: v.required(name, 'Team name') })) create.mutate();
  };

  return (
    <Dialog open={open} title="Create team" onClose={close} busy={create.isPending}>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Team name"
          name="name"
          autoComplete="off"
          value={name}
          error={f.errors.name}
          onChange={(e) => {
            setName(e.target.value);
            f.clear('name');
          }}
        />
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={3}
          hint="What the team owns, so responders know who to call."
          value={description}
          error={f.errors.description}
          onChange={(e) => {
            setDescription(e.target.value);
            f.clear('description');
          }}
        />
        <div className="form-actions">
          <Button onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={create.isPending} pendingLabel="Creating…">
            Create team
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
