import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../app/router.js';
import type { Service } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { SelectField, TextAreaField, TextField } from '../../components/field.js';
import { servicesApi, servicesKey, tierLabels, useTeams } from './services.api.js';

const fields = ['name', 'description', 'ownerTeamId', 'tier'] as const;
type Form = Record<(typeof fields)[number], string>;

function initial(service: Service | undefined): Form {
  return {
    name: service?.name ?? '',
    description: service?.description ?? '',
    ownerTeamId: service?.ownerTeamId ?? '',
    tier: service?.tier ? String(service.tier) : '',
  };
}

/**
 * Creates a service (only the name is required) and opens it, or edits an existing one's name,
 * description, owner team and tier.
 */
export function ServiceFormDialog({
  open,
  onClose,
  service,
}: {
  open: boolean;
  onClose: () => void;
  service?: Service;
}) {
  const client = useQueryClient();
  const teams = useTeams();
  const [form, setForm] = useState<Form>(() => initial(service));
  const f = useFormErrors(fields);
  const set = (key: keyof Form, value: string): void => {
    setForm((s) => ({ ...s, [key]: value }));
    f.clear(key);
  };
  const close = (): void => {
    setForm(initial(service));
    f.reset();
    onClose();
  };
  const body = () => ({
    name: form.name.trim(),
    description: form.description.trim(),
    ownerTeamId: form.ownerTeamId || null,
    tier: form.tier ? Number(form.tier) : null,
  });
  const save = useMutation({
    mutationFn: () => (service ? servicesApi.update(service.id, body()) : servicesApi.create(body())),
    onSuccess: (saved) => {
      client.setQueryData([servicesKey, 'detail', saved.id], saved);
      void client.invalidateQueries({ queryKey: [servicesKey, 'list'] });
      f.reset();
      onClose();
      if (!service) {
        setForm(initial(undefined));
        navigate(`/services/${saved.id}`);
      }
    },
    onError: (err) => f.fromServer(err),
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ name: v.required(form.name, 'Service name') })) save.mutate();
  };
  const teamOptions = [
    { value: '', label: 'No owner team' },
    ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
  ];
  if (form.ownerTeamId && !teamOptions.some((o) => o.value === form.ownerTeamId))
    teamOptions.push({ value: form.ownerTeamId, label: teams.isPending ? 'Loading…' : 'Unknown team' });

  return (
    <Dialog
      open={open}
      title={service ? 'Edit service' : 'New service'}
      onClose={close}
      busy={save.isPending}
    >
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <TextField
          label="Service name"
          name="name"
          autoComplete="off"
          hint={service ? undefined : 'The only thing needed now; everything else can wait.'}
          value={form.name}
          error={f.errors.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={3}
          hint="What it does and who uses it, for the responder woken up at 3 a.m."
          value={form.description}
          error={f.errors.description}
          onChange={(e) => set('description', e.target.value)}
        />
        <SelectField
          label="Owner team (optional)"
          name="ownerTeamId"
          value={form.ownerTeamId}
          error={f.errors.ownerTeamId}
          options={teamOptions}
          hint={
            teams.data?.length === 0
              ? 'No teams yet: an owner or admin creates them in Settings → Teams.'
              : undefined
          }
          onChange={(e) => set('ownerTeamId', e.target.value)}
        />
        <SelectField
          label="Tier (optional)"
          name="tier"
          value={form.tier}
          error={f.errors.tier}
          options={[
            { value: '', label: 'No tier' },
            ...[1, 2, 3, 4].map((t) => ({ value: String(t), label: tierLabels[t] ?? `Tier ${t}` })),
          ]}
          hint="How much the business depends on it. Tier 1 is the most critical."
          onChange={(e) => set('tier', e.target.value)}
        />
        <div className="form-actions">
          <Button onClick={close} disabled={save.isPending}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="primary"
            pending={save.isPending}
            pendingLabel={service ? 'Saving…' : 'Creating…'}
          >
            {service ? 'Save changes' : 'Create service'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
