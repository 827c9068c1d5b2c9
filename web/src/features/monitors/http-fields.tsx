import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { httpMethods, jsonOperators } from './monitor-form-model.js';
import type { TypeFieldProps } from './type-field-props.js';

/** HTTP(S): request, expected answer (codes, keyword or regex, JSON path), TLS and auth. */
export function HttpFields({ form, setC, setB, errors }: TypeFieldProps) {
  const { c, b } = form;
  return (
    <>
      <div className="form-row">
        <SelectField
          label="Method"
          name="config.method"
          value={c.method ?? 'GET'}
          options={httpMethods}
          error={errors['config.method']}
          onChange={(e) => setC('method', e.target.value)}
        />
        <TextField
          label="URL"
          name="config.url"
          className="grow"
          value={c.url ?? ''}
          placeholder="https://example.com/health"
          error={errors['config.url']}
          onChange={(e) => setC('url', e.target.value)}
        />
      </div>
      <TextAreaField
        label="Headers"
        name="config.headers"
        rows={2}
        value={c.headers ?? ''}
        placeholder="Accept: application/json"
        hint="One per line, Name: value."
        error={errors['config.headers']}
        onChange={(e) => setC('headers', e.target.value)}
      />
      {c.method !== 'GET' && c.method !== 'HEAD' ? (
        <TextAreaField
          label="Body"
          name="config.body"
          rows={3}
          value={c.body ?? ''}
          error={errors['config.body']}
          onChange={(e) => setC('body', e.target.value)}
        />
      ) : null}
      <div className="form-row">
        <TextField
          label="Expected status codes"
          name="config.expectedStatus"
          value={c.expectedStatus ?? ''}
          hint="Codes or ranges, comma separated: 200-299, 301"
          error={errors['config.expectedStatus']}
          onChange={(e) => setC('expectedStatus', e.target.value)}
        />
        <TextField
          label="Follow redirects"
          name="config.maxRedirects"
          inputMode="numeric"
          value={c.maxRedirects ?? ''}
          hint="At most this many; 0 checks the redirect itself."
          error={errors['config.maxRedirects']}
          onChange={(e) => setC('maxRedirects', e.target.value)}
        />
      </div>
      <fieldset className="fieldset">
        <legend>Response body</legend>
        <div className="form-row">
          <SelectField
            label="Look for"
            name="config.match"
            value={c.matchKind ?? ''}
            error={errors['config.match']}
            options={[
              { value: '', label: 'Nothing' },
              { value: 'keyword', label: 'A keyword' },
              { value: 'regex', label: 'A regular expression' },
            ]}
            onChange={(e) => setC('matchKind', e.target.value)}
          />
          {c.matchKind ? (
            <TextField
              label={c.matchKind === 'regex' ? 'Pattern' : 'Keyword'}
              name="config.match.value"
              className="grow"
              value={c.matchValue ?? ''}
              error={errors['config.match.value']}
              onChange={(e) => setC('matchValue', e.target.value)}
            />
          ) : null}
        </div>
        {c.matchKind ? (
          <div className="form-row">
            <CheckboxField
              label="Fail when it is found (must be absent)"
              name="matchAbsent"
              checked={b.matchAbsent === true}
              onChange={(e) => setB('matchAbsent', e.target.checked)}
            />
            <CheckboxField
              label="Case sensitive"
              name="matchCase"
              checked={b.matchCase !== false}
              onChange={(e) => setB('matchCase', e.target.checked)}
            />
          </div>
        ) : null}
        <div className="form-row">
          <TextField
            label="JSON path"
            name="config.json"
            value={c.jsonPath ?? ''}
            placeholder="$.status"
            hint="Optional: assert a value in a JSON answer."
            error={errors['config.json']}
            onChange={(e) => setC('jsonPath', e.target.value)}
          />
          {c.jsonPath ? (
            <>
              <SelectField
                label="Is"
                name="config.json.op"
                value={c.jsonOp || '=='}
                options={jsonOperators}
                onChange={(e) => setC('jsonOp', e.target.value)}
              />
              {c.jsonOp === 'exists' || c.jsonOp === 'missing' ? null : (
                <TextField
                  label="Value"
                  name="config.json.value"
                  value={c.jsonValue ?? ''}
                  placeholder="ok"
                  error={errors['config.json.value']}
                  onChange={(e) => setC('jsonValue', e.target.value)}
                />
              )}
            </>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>TLS and authentication</legend>
        <CheckboxField
          label="Verify the TLS certificate"
          name="tlsVerify"
          hint="Turn off only for self-signed certificates you trust."
          checked={b.tlsVerify !== false}
          onChange={(e) => setB('tlsVerify', e.target.checked)}
        />
        <div className="form-row">
          <SelectField
            label="Authentication"
            name="config.auth"
            value={c.authType ?? ''}
            error={errors['config.auth']}
            options={[
              { value: '', label: 'None' },
              { value: 'basic', label: 'Basic' },
              { value: 'bearer', label: 'Bearer token' },
            ]}
            onChange={(e) => setC('authType', e.target.value)}
          />
          {c.authType === 'basic' ? (
            <>
              <TextField
                label="Username"
                name="config.auth.username"
                autoComplete="off"
                value={c.authUser ?? ''}
                onChange={(e) => setC('authUser', e.target.value)}
              />
              <TextField
                label="Password"
                name="config.auth.password"
                type="password"
                autoComplete="new-password"
                value={c.authPass ?? ''}
                onChange={(e) => setC('authPass', e.target.value)}
              />
            </>
          ) : c.authType === 'bearer' ? (
            <TextField
              label="Token"
              name="config.auth.token"
              type="password"
              autoComplete="off"
              className="grow"
              value={c.authToken ?? ''}
              error={errors['config.auth.token']}
              onChange={(e) => setC('authToken', e.target.value)}
            />
          ) : null}
        </div>
      </fieldset>
    </>
  );
}
