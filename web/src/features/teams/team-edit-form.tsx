import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TeamDetail } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextAreaField, TextField } from '../../components/field.js';
import { teamsApi, teamsKey } from './teams.api.js';

/** Rename a team or change its description. */
export function TeamEditForm({ team }: { team: TeamDetail }) {
  const client = useQueryClient();
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description);
  const f = useFormErrors(['name', 'description']);
  const save = useMutation({
    mutationFn: () => teamsApi.update(team.id, { name: name.trim(), description: description.trim() }),
    onSuccess: () => void client.invalidateQueries({ queryKey: [teamsKey] }),
    onError: (err) => f.fromServer(err),
  });
  const changed = name !== team.name || description !== team.description;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ name: v.required(name, 'Team name') })) save.mutate();
  };

  return (
    <section className="card" aria-labelledby="team-edit">
      <h2 id="team-edit">Details</h2>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Team name"
          name="name"
          value={name}
          error={f.errors.name}
          onChange={(e) => {
            setName(e.target.value);
            f.clear('name');
          }}
        />
        <TextAreaField
          label="Description"
          name="description"
          rows={3}
          value={description}
          error={f.errors.description}
          onChange={(e) => {
            setDescription(e.target.value);
            f.clear('description');
          }}
        />
        <div className="form-actions form-actions-start">
          <Button
            type="submit"
            variant="primary"
            disabled={!changed}
            pending={save.isPending}
            pendingLabel="Saving…"
          >
            Save changes
          </Button>
        </div>
      </form>
    </section>
  );
}
