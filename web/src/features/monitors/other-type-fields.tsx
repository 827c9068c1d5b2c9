import { CheckboxField, SelectField, TextField } from '../../components/field.js';
import { TimeZoneField } from '../../components/time-zone-field.js';
import { browserTimeZone } from '../../lib/format.js';
import { dnsRecordTypes } from './monitor-form-model.js';
import type { TypeFieldProps } from './type-field-props.js';

/** TLS certificate expiry, TCP, DNS, ping and heartbeat fields. */
function HostPort({ form, setC, errors, defaultPort }: TypeFieldProps & { defaultPort?: string }) {
  return (
    <div className="form-row">
      <TextField
        label="Host"
        name="config.host"
        className="grow"
        value={form.c.host ?? ''}
        placeholder="example.com"
        error={errors['config.host']}
        onChange={(e) => setC('host', e.target.value)}
      />
      <TextField
        label="Port"
        name="config.port"
        inputMode="numeric"
        value={form.c.port ?? ''}
        placeholder={defaultPort}
        error={errors['config.port']}
        onChange={(e) => setC('port', e.target.value)}
      />
    </div>
  );
}

export function TlsFields(p: TypeFieldProps) {
  const { form, setC, setB, errors } = p;
  return (
    <>
      <HostPort {...p} defaultPort="443" />
      <div className="form-row">
        <TextField
          label="Warn days before expiry"
          name="config.warnDays"
          inputMode="numeric"
          value={form.c.warnDays ?? ''}
          placeholder="14"
          hint="Degraded from then on; down once expired."
          error={errors['config.warnDays']}
          onChange={(e) => setC('warnDays', e.target.value)}
        />
        <TextField
          label="Server name (SNI)"
          name="config.servername"
          value={form.c.servername ?? ''}
          hint="Default: the host."
          error={errors['config.servername']}
          onChange={(e) => setC('servername', e.target.value)}
        />
      </div>
      <SelectField
        label="When it is about to expire"
        name="config.warnStatus"
        value={form.c.warnStatus ?? 'degraded'}
        options={[
          { value: 'degraded', label: 'Degraded' },
          { value: 'down', label: 'Down' },
        ]}
        onChange={(e) => setC('warnStatus', e.target.value)}
      />
      <CheckboxField
        label="Verify the certificate chain"
        name="verifyChain"
        checked={form.b.verifyChain !== false}
        onChange={(e) => setB('verifyChain', e.target.checked)}
      />
    </>
  );
}

export function TcpFields(p: TypeFieldProps) {
  return <HostPort {...p} />;
}

export function PingFields({ form, setC, errors }: TypeFieldProps) {
  return (
    <div className="form-row">
      <TextField
        label="Host"
        name="config.host"
        className="grow"
        value={form.c.host ?? ''}
        error={errors['config.host']}
        onChange={(e) => setC('host', e.target.value)}
      />
      <TextField
        label="Echo requests"
        name="config.count"
        inputMode="numeric"
        value={form.c.count ?? ''}
        placeholder="1"
        hint="1–10; some lost is degraded."
        error={errors['config.count']}
        onChange={(e) => setC('count', e.target.value)}
      />
    </div>
  );
}

export function DnsFields({ form, setC, errors }: TypeFieldProps) {
  const { c } = form;
  return (
    <>
      <div className="form-row">
        <TextField
          label="Domain name"
          name="config.name"
          className="grow"
          value={c.name ?? ''}
          placeholder="example.com"
          error={errors['config.name']}
          onChange={(e) => setC('name', e.target.value)}
        />
        <SelectField
          label="Record type"
          name="config.recordType"
          value={c.recordType ?? 'A'}
          options={dnsRecordTypes}
          error={errors['config.recordType']}
          onChange={(e) => setC('recordType', e.target.value)}
        />
      </div>
      <div className="form-row">
        <TextField
          label="Expected value"
          name="config.expected"
          className="grow"
          value={c.expected ?? ''}
          hint="Optional: down unless an answer equals it."
          error={errors['config.expected']}
          onChange={(e) => setC('expected', e.target.value)}
        />
        <TextField
          label="Resolver"
          name="config.resolver"
          value={c.resolver ?? ''}
          placeholder="1.1.1.1"
          hint="Optional: IP, or IP:port. Default: the system's."
          error={errors['config.resolver']}
          onChange={(e) => setC('resolver', e.target.value)}
        />
      </div>
    </>
  );
}

export function HeartbeatFields({ form, setC, errors }: TypeFieldProps) {
  const { c } = form;
  const cron = c.schedule === 'cron';
  return (
    <>
      <SelectField
        label="Expected"
        name="schedule"
        value={cron ? 'cron' : 'every'}
        options={[
          { value: 'every', label: 'Every N seconds' },
          { value: 'cron', label: 'On a cron schedule' },
        ]}
        hint="After creating it, the monitor page shows the URL your job calls when it finishes."
        onChange={(e) => setC('schedule', e.target.value)}
      />
      <div className="form-row">
        {cron ? (
          <>
            <TextField
              label="Cron expression"
              name="config.cron"
              className="grow mono"
              value={c.cron ?? ''}
              placeholder="0 3 * * *"
              error={errors['config.cron']}
              onChange={(e) => setC('cron', e.target.value)}
            />
            <TimeZoneField
              label="Time zone"
              hint="The zone the cron expression is read in."
              value={c.timeZone || browserTimeZone()}
              error={errors['config.timeZone']}
              onChange={(v) => setC('timeZone', v)}
            />
          </>
        ) : (
          <TextField
            label="Every (seconds)"
            name="config.everySeconds"
            inputMode="numeric"
            value={c.everySeconds ?? ''}
            placeholder="3600"
            error={errors['config.everySeconds']}
            onChange={(e) => setC('everySeconds', e.target.value)}
          />
        )}
        <TextField
          label="Grace (seconds)"
          name="config.graceSeconds"
          inputMode="numeric"
          value={c.graceSeconds ?? ''}
          placeholder="300"
          hint="How late a ping may be before it counts as missed."
          error={errors['config.graceSeconds']}
          onChange={(e) => setC('graceSeconds', e.target.value)}
        />
      </div>
    </>
  );
}
