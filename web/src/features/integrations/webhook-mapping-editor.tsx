import { useId } from 'react';
import type { Errors } from '../../lib/validate.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { eventActions, type EventAction, type MappingDraft } from './webhook-mapping-model.js';
import { WebhookPreview } from './webhook-preview.js';

const paths: {
  key: 'title' | 'dedupKey' | 'severity' | 'action' | 'source' | 'description';
  label: string;
  hint: string;
}[] = [
  { key: 'title', label: 'Title', hint: 'Required. The alert’s one-line summary.' },
  { key: 'dedupKey', label: 'Dedup key', hint: 'Same key, same alert: repeats and resolves find it.' },
  {
    key: 'severity',
    label: 'Severity',
    hint: 'critical, error, warning, info and common spellings (P1, high…).',
  },
  { key: 'source', label: 'Source', hint: 'The host or component that has the problem.' },
  { key: 'description', label: 'Description', hint: 'Longer text shown on the alert.' },
];

/**
 * Where each field is in a generic webhook's JSON body, with a value map for the action and a
 * preview that runs the mapping on a pasted sample on the server.
 */
export function WebhookMappingEditor({
  draft,
  errors,
  onChange,
}: {
  draft: MappingDraft;
  errors: Errors;
  onChange: (patch: Partial<MappingDraft>, field?: string) => void;
}) {
  const id = useId();
  const setRow = (i: number, patch: Partial<MappingDraft['actionMap'][number]>): void =>
    onChange(
      { actionMap: draft.actionMap.map((r, j) => (j === i ? { ...r, ...patch } : r)) },
      'mapping.action',
    );
  const setLink = (i: number, patch: Partial<MappingDraft['links'][number]>): void =>
    onChange(
      { links: draft.links.map((l, j) => (j === i ? { ...l, ...patch } : l)) },
      `mapping.links.${i}.href`,
    );

  return (
    <div className="mapping-editor">
      <fieldset className="fieldset">
        <legend>Field mapping</legend>
        <p className="field-hint">
          Paths into the sender’s JSON: <code>$.alert.title</code>, <code>$.items[0].id</code>,{' '}
          <code>$['odd key']</code>. Leave a field empty when the sender has no such value.
        </p>
        <div className="mapping-grid">
          {paths.map((p) => (
            <TextField
              key={p.key}
              label={p.label}
              name={`mapping.${p.key}`}
              className="mono-input"
              autoComplete="off"
              spellCheck={false}
              placeholder={p.key === 'title' ? '$.alert.title' : `$.${p.key}`}
              hint={p.hint}
              value={draft[p.key]}
              error={errors[`mapping.${p.key}`]}
              onChange={(e) => onChange({ [p.key]: e.target.value }, `mapping.${p.key}`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Action</legend>
        <TextField
          label="Action path"
          name="mapping.action"
          className="mono-input"
          autoComplete="off"
          spellCheck={false}
          placeholder="$.state"
          hint="Empty: every event opens or updates an alert (trigger). Values like firing, resolved, ok are understood without a map."
          value={draft.action}
          error={errors['mapping.action']}
          onChange={(e) => onChange({ action: e.target.value }, 'mapping.action')}
        />
        <table className="table table-flush table-compact" aria-label="Action value map">
          <thead>
            <tr>
              <th scope="col">When the value is</th>
              <th scope="col">Keel does</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.actionMap.map((r, i) => (
              <tr key={i}>
                <td>
                  <input
                    aria-label={`Value ${i + 1}`}
                    className="mono-input"
                    value={r.value}
                    placeholder="firing"
                    onChange={(e) => setRow(i, { value: e.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Action for value ${i + 1}`}
                    value={r.action}
                    onChange={(e) => setRow(i, { action: e.target.value as EventAction })}
                  >
                    {eventActions.map((a) => (
                      <option key={a}>{a}</option>
                    ))}
                  </select>
                </td>
                <td className="cell-actions">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove value ${i + 1}`}
                    onClick={() =>
                      onChange({ actionMap: draft.actionMap.filter((_, j) => j !== i) }, 'mapping.action')
                    }
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="inline-row">
          <Button
            size="sm"
            onClick={() => onChange({ actionMap: [...draft.actionMap, { value: '', action: 'trigger' }] })}
          >
            + Add value
          </Button>
          <label className="inline-select" htmlFor={`${id}-default`}>
            <span>Any other value</span>
            <select
              id={`${id}-default`}
              value={draft.actionDefault}
              onChange={(e) =>
                onChange({ actionDefault: e.target.value as EventAction | '' }, 'mapping.action')
              }
            >
              <option value="">is refused</option>
              {eventActions.map((a) => (
                <option key={a} value={a}>
                  means {a}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Links</legend>
        {draft.links.length === 0 ? (
          <p className="field-hint">No links: add one to link the alert to a dashboard.</p>
        ) : null}
        {draft.links.map((l, i) => (
          <div key={i} className="link-row">
            <TextField
              label={`Link ${i + 1} URL path`}
              name={`mapping.links.${i}.href`}
              className="mono-input"
              placeholder="$.url"
              value={l.href}
              error={errors[`mapping.links.${i}.href`]}
              onChange={(e) => setLink(i, { href: e.target.value })}
            />
            <TextField
              label={`Link ${i + 1} text`}
              name={`mapping.links.${i}.text`}
              placeholder="Open dashboard"
              value={l.text}
              onChange={(e) => setLink(i, { text: e.target.value })}
            />
            <Button
              size="sm"
              variant="ghost"
              className="link-row-remove"
              aria-label={`Remove link ${i + 1}`}
              onClick={() => onChange({ links: draft.links.filter((_, j) => j !== i) })}
            >
              Remove
            </Button>
          </div>
        ))}
        <div>
          <Button
            size="sm"
            disabled={draft.links.length >= 20}
            onClick={() => onChange({ links: [...draft.links, { href: '', text: '' }] })}
          >
            + Add link
          </Button>
        </div>
      </fieldset>
      <WebhookPreview draft={draft} />
    </div>
  );
}
