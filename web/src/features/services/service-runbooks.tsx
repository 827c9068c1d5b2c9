import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RunbookLink, Service } from '../../lib/types.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { TextField } from '../../components/field.js';
import { servicesApi, servicesKey } from './services.api.js';

const maxLinks = 20;
const fields = Array.from({ length: maxLinks }, (_, i) => [
  `runbookLinks.${i}.title`,
  `runbookLinks.${i}.url`,
]).flat();

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

function check(links: RunbookLink[]): Errors {
  const errors: Errors = {};
  links.forEach((l, i) => {
    if (!l.title.trim()) errors[`runbookLinks.${i}.title`] = 'Give the link a title.';
    if (!isHttpUrl(l.url.trim()))
      errors[`runbookLinks.${i}.url`] = 'Enter a full address starting with https:// or http://.';
  });
  return errors;
}

/** Where responders find how to fix this service: clickable for everyone, editable by responders. */
export function ServiceRunbooks({ service, editable }: { service: Service; editable: boolean }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [links, setLinks] = useState<RunbookLink[]>(service.runbookLinks);
  const f = useFormErrors(fields);
  const save = useMutation({
    mutationFn: () =>
      servicesApi.update(service.id, {
        runbookLinks: links.map((l) => ({ title: l.title.trim(), url: l.url.trim() })),
      }),
    onSuccess: (saved) => {
      client.setQueryData([servicesKey, 'detail', service.id], saved);
      setEditing(false);
    },
    onError: (err) => f.fromServer(err),
  });
  const start = (): void => {
    setLinks(service.runbookLinks.length ? service.runbookLinks : [{ title: '', url: '' }]);
    f.reset();
    save.reset();
    setEditing(true);
  };
  const set = (i: number, patch: Partial<RunbookLink>): void => {
    setLinks((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
    for (const k of Object.keys(patch)) f.clear(`runbookLinks.${i}.${k}`);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(check(links))) save.mutate();
  };

  return (
    <section className="card" aria-labelledby="service-runbooks">
      <div className="card-header">
        <h2 id="service-runbooks">Runbook links</h2>
        {editable && !editing ? (
          <Button size="sm" onClick={start}>
            {service.runbookLinks.length ? 'Edit links' : 'Add links'}
          </Button>
        ) : null}
      </div>
      {editing ? (
        <form ref={f.formRef} onSubmit={submit} noValidate className="form form-wide">
          {f.formError ? (
            <Alert ref={f.alertRef} tone="error">
              {f.formError}
            </Alert>
          ) : null}
          {links.length === 0 ? <p className="muted small">No links. Save to remove them all.</p> : null}
          <ol className="link-rows">
            {links.map((l, i) => (
              <li key={i} className="link-row">
                <TextField
                  label={`Title ${i + 1}`}
                  name={`runbookLinks.${i}.title`}
                  placeholder="Restart the payment workers"
                  value={l.title}
                  error={f.errors[`runbookLinks.${i}.title`]}
                  onChange={(e) => set(i, { title: e.target.value })}
                />
                <TextField
                  label={`URL ${i + 1}`}
                  name={`runbookLinks.${i}.url`}
                  type="url"
                  placeholder="https://wiki.example.com/runbooks/payments"
                  value={l.url}
                  error={f.errors[`runbookLinks.${i}.url`]}
                  onChange={(e) => set(i, { url: e.target.value })}
                />
                <Button
                  size="sm"
                  variant="ghost"
                  className="link-row-remove"
                  aria-label={`Remove link ${i + 1}`}
                  onClick={() => {
                    setLinks((ls) => ls.filter((_, j) => j !== i));
                    f.reset();
                  }}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ol>
          <div className="form-actions form-actions-start">
            <Button
              size="sm"
              disabled={links.length >= maxLinks}
              onClick={() => setLinks((ls) => [...ls, { title: '', url: '' }])}
            >
              + Add another link
            </Button>
          </div>
          <div className="form-actions form-actions-start">
            <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
              Save links
            </Button>
            <Button onClick={() => setEditing(false)} disabled={save.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      ) : service.runbookLinks.length === 0 ? (
        <EmptyState title="No runbook links yet">
          {editable
            ? 'Link the pages a responder needs when this service breaks: runbooks, dashboards, logs.'
            : 'A responder adds links to runbooks and dashboards here.'}
        </EmptyState>
      ) : (
        <ul className="runbook-list">
          {service.runbookLinks.map((l, i) => (
            <li key={i}>
              <a href={l.url} target="_blank" rel="noreferrer noopener">
                {l.title}
              </a>{' '}
              <span className="mono-soft small">{l.url}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
