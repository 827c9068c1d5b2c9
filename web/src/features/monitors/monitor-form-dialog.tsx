import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { CheckboxField, SelectField, TextField } from '../../components/field.js';
import { useAllServices } from '../services/services.api.js';
import { DependencyPicker } from './dependency-picker.js';
import { HttpFields } from './http-fields.js';
import {
  blankForm,
  bodyOf,
  checkForm,
  configFields,
  formFromMonitor,
  sharedFields,
  type MonitorForm,
} from './monitor-form-model.js';
import {
  monitorsApi,
  monitorsKey,
  monitorTypes,
  typeLabels,
  type Monitor,
  type MonitorType,
} from './monitors.api.js';
import { DnsFields, HeartbeatFields, PingFields, TcpFields, TlsFields } from './other-type-fields.js';
import type { TypeFieldProps } from './type-field-props.js';

const fields = [...sharedFields, ...configFields];

const typeFields: Record<MonitorType, (p: TypeFieldProps) => React.JSX.Element> = {
  http: HttpFields,
  tls: TlsFields,
  tcp: TcpFields,
  dns: DnsFields,
  ping: PingFields,
  heartbeat: HeartbeatFields,
};

/**
 * Creates or edits a monitor: shared fields (name, service, interval, timeout, retries,
 * degraded threshold, inverted, dependencies) and the chosen type's own fields.
 */
export function MonitorFormDialog({
  open,
  monitor,
  defaultServiceId,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Edit this one; create when absent. */
  monitor?: Monitor;
  defaultServiceId?: string;
  onClose: () => void;
  onSaved?: (m: Monitor) => void;
}) {
  const client = useQueryClient();
  const services = useAllServices();
  const [form, setForm] = useState<MonitorForm>(() =>
    monitor ? formFromMonitor(monitor) : blankForm(defaultServiceId),
  );
  const f = useFormErrors(fields);
  const set = (patch: Partial<MonitorForm>): void => setForm((prev) => ({ ...prev, ...patch }));
  const setC = (key: string, value: string): void => {
    setForm((prev) => ({ ...prev, c: { ...prev.c, [key]: value } }));
    f.clear(`config.${key}`);
  };
  const setB = (key: string, value: boolean): void =>
    setForm((prev) => ({ ...prev, b: { ...prev.b, [key]: value } }));

  const save = useMutation({
    mutationFn: () =>
      monitor ? monitorsApi.update(monitor.id, bodyOf(form)) : monitorsApi.create(bodyOf(form)),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: [monitorsKey] });
      f.reset();
      onSaved?.(saved);
      onClose();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(checkForm(form))) save.mutate();
  };
  const close = (): void => {
    f.reset();
    onClose();
  };
  const TypeFields = typeFields[form.type];

  return (
    <Dialog
      open={open}
      title={monitor ? `Edit ${monitor.name}` : 'New monitor'}
      onClose={close}
      busy={save.isPending}
      wide
    >
      <form ref={f.formRef} onSubmit={submit} noValidate className="form monitor-form">
        {f.formError ? (
          <Alert ref={f.alertRef} tone="error">
            {f.formError}
          </Alert>
        ) : null}
        <div className="form-row">
          <TextField
            label="Name"
            name="name"
            className="grow"
            value={form.name}
            error={f.errors.name}
            autoFocus
            onChange={(e) => {
              set({ name: e.target.value });
              f.clear('name');
            }}
          />
          <SelectField
            label="Type"
            name="type"
            value={form.type}
            error={f.errors.type}
            options={monitorTypes.map((t) => ({ value: t, label: typeLabels[t] }))}
            onChange={(e) => {
              set({ type: e.target.value as MonitorType, extra: {} });
              f.reset();
            }}
          />
        </div>
        <SelectField
          label="Service"
          name="serviceId"
          value={form.serviceId}
          error={f.errors.serviceId}
          hint="Down, degraded and recovered become alerts on this service, so its routing, silences and escalation apply."
          options={[
            { value: '', label: services.isPending ? 'Loading services…' : 'Pick a service' },
            ...(services.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => {
            set({ serviceId: e.target.value });
            f.clear('serviceId');
          }}
        />
        <TypeFields form={form} setC={setC} setB={setB} errors={f.errors} />
        <fieldset className="fieldset">
          <legend>Checking</legend>
          <div className="form-row">
            {form.type === 'heartbeat' ? null : (
              <TextField
                label="Interval (seconds)"
                name="intervalSeconds"
                inputMode="numeric"
                value={form.intervalSeconds}
                hint="10 or more."
                error={f.errors.intervalSeconds}
                onChange={(e) => {
                  set({ intervalSeconds: e.target.value });
                  f.clear('intervalSeconds');
                }}
              />
            )}
            {form.type === 'heartbeat' ? null : (
              <TextField
                label="Timeout (ms)"
                name="timeoutMs"
                inputMode="numeric"
                value={form.timeoutMs}
                error={f.errors.timeoutMs}
                onChange={(e) => {
                  set({ timeoutMs: e.target.value });
                  f.clear('timeoutMs');
                }}
              />
            )}
            <TextField
              label="Retries"
              name="retries"
              inputMode="numeric"
              value={form.retries}
              hint={
                form.type === 'heartbeat'
                  ? 'Missed pings in a row before down.'
                  : 'Failed checks in a row before down.'
              }
              error={f.errors.retries}
              onChange={(e) => {
                set({ retries: e.target.value });
                f.clear('retries');
              }}
            />
            {form.type === 'heartbeat' ? null : (
              <TextField
                label="Degraded above (ms)"
                name="degradedAboveMs"
                inputMode="numeric"
                value={form.degradedAboveMs}
                hint="Optional: slower is degraded, not down."
                error={f.errors.degradedAboveMs}
                onChange={(e) => {
                  set({ degradedAboveMs: e.target.value });
                  f.clear('degradedAboveMs');
                }}
              />
            )}
          </div>
          <CheckboxField
            label="Upside down"
            name="inverted"
            hint="Up when the check fails, down when it passes (e.g. a port that must stay closed)."
            checked={form.inverted}
            onChange={(e) => set({ inverted: e.target.checked })}
          />
        </fieldset>
        <DependencyPicker
          selfId={monitor?.id}
          value={form.dependsOn}
          error={f.errors.dependsOn}
          onChange={(dependsOn) => {
            set({ dependsOn });
            f.clear('dependsOn');
          }}
        />
        <div className="form-actions">
          <Button onClick={close} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
            {monitor ? 'Save changes' : 'Create monitor'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
