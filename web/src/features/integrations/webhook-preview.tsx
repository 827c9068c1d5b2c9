import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { TextAreaField } from '../../components/field.js';
import { integrationsApi, type PreviewEvent } from './integrations.api.js';
import { draftToMapping, exampleSample, type MappingDraft } from './webhook-mapping-model.js';

function parseSample(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: false, error: 'Paste a JSON body your sender sends.' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `This is not valid JSON: ${(err as Error).message}` };
  }
}

const actionTone = { trigger: 'bad', acknowledge: 'warn', resolve: 'good' } as const;

/** Runs the mapping on a pasted sample body (on the server) and shows the Keel event it makes. */
export function WebhookPreview({ draft }: { draft: MappingDraft }) {
  const [sample, setSample] = useState(exampleSample);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const preview = useMutation({
    mutationFn: (value: unknown) => integrationsApi.preview(draftToMapping(draft), value),
  });
  const run = (): void => {
    const parsed = parseSample(sample);
    if (!parsed.ok) {
      setSampleError(parsed.error);
      preview.reset();
      return;
    }
    setSampleError(null);
    preview.mutate(parsed.value);
  };

  return (
    <fieldset className="fieldset">
      <legend>Try it</legend>
      <TextAreaField
        label="Sample payload"
        name="sample"
        rows={8}
        className="mono-input"
        spellCheck={false}
        hint="A JSON body your sender sends. Nothing is recorded: the preview only shows the event Keel would make."
        value={sample}
        error={sampleError ?? undefined}
        onChange={(e) => {
          setSample(e.target.value);
          setSampleError(null);
        }}
      />
      <div>
        <Button onClick={run} pending={preview.isPending} pendingLabel="Previewing…">
          Preview
        </Button>
      </div>
      <div aria-live="polite">
        {preview.isError ? (
          <Alert tone="error" title="Could not preview">
            {errorMessage(preview.error)}
          </Alert>
        ) : preview.data?.ok === false ? (
          <Alert tone="error" title="This sample would be refused">
            <ul className="error-list">
              {preview.data.errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </Alert>
        ) : preview.data?.ok ? (
          <EventView event={preview.data.event} />
        ) : null}
      </div>
    </fieldset>
  );
}

function EventView({ event }: { event: PreviewEvent }) {
  return (
    <div className="preview-event" role="region" aria-label="Resulting Keel event">
      <p className="preview-title">Resulting Keel event</p>
      <dl className="details">
        <dt>Action</dt>
        <dd>
          <Badge tone={actionTone[event.action] ?? 'neutral'}>{event.action}</Badge>
        </dd>
        <dt>Summary</dt>
        <dd>{event.summary || <span className="muted">(none)</span>}</dd>
        <dt>Dedup key</dt>
        <dd className="mono-soft">{event.dedupKey}</dd>
        <dt>Severity</dt>
        <dd>{event.severity}</dd>
        <dt>Source</dt>
        <dd>{event.source ?? <span className="muted">(none)</span>}</dd>
        {event.description ? (
          <>
            <dt>Description</dt>
            <dd>{event.description}</dd>
          </>
        ) : null}
        <dt>Links</dt>
        <dd>
          {event.links.length ? (
            <ul className="plain-list">
              {event.links.map((l, i) => (
                <li key={i}>
                  {l.text} <span className="mono-soft">{l.href}</span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">(none)</span>
          )}
        </dd>
      </dl>
      <details>
        <summary>Full event as JSON</summary>
        <pre className="code-block">{JSON.stringify(event, null, 2)}</pre>
      </details>
    </div>
  );
}
