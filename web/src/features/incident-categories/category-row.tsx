import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { categoriesApi, categoriesKey, type IncidentCategory } from './incident-categories.api.js';

interface RowProps {
  category: IncidentCategory;
  index: number;
  count: number;
  /** A reorder or archive is in flight: the order buttons wait for it. */
  busy: boolean;
  onMove: (by: -1 | 1) => void;
  onArchive: (archived: boolean) => void;
}

/** One category in the settings list: its place, label, id and the actions on it. */
export function CategoryRow({ category: c, index, count, busy, onMove, onArchive }: RowProps) {
  const [editing, setEditing] = useState(false);
  if (editing) return <CategoryEditRow category={c} index={index} onDone={() => setEditing(false)} />;
  return (
    <tr data-category={c.id}>
      <td className="num">{index + 1}</td>
      <td>
        <span className={c.archived ? 'muted' : undefined}>{c.label}</span>{' '}
        {c.archived ? <Badge>Archived</Badge> : null}
      </td>
      <td>
        <code>{c.id}</code>
      </td>
      <td className="muted clamp">{c.description || '—'}</td>
      <td className="cell-actions">
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Move ${c.label} up`}
          disabled={index === 0 || busy}
          onClick={() => onMove(-1)}
        >
          ↑
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Move ${c.label} down`}
          disabled={index === count - 1 || busy}
          onClick={() => onMove(1)}
        >
          ↓
        </Button>
        <Button size="sm" aria-label={`Rename ${c.label}`} onClick={() => setEditing(true)}>
          Rename
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`${c.archived ? 'Unarchive' : 'Archive'} ${c.label}`}
          disabled={busy}
          onClick={() => onArchive(!c.archived)}
        >
          {c.archived ? 'Unarchive' : 'Archive'}
        </Button>
      </td>
    </tr>
  );
}

/** The row as a small form: label and description, saved together; errors under the fields. */
function CategoryEditRow({
  category: c,
  index,
  onDone,
}: {
  category: IncidentCategory;
  index: number;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const [label, setLabel] = useState(c.label);
  const [description, setDescription] = useState(c.description);
  const f = useFormErrors(['label', 'description']);
  const save = useMutation({
    mutationFn: () => categoriesApi.update(c.id, { label: label.trim(), description: description.trim() }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: [categoriesKey] });
      onDone();
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check({ label: v.required(label, 'Label') })) save.mutate();
  };
  return (
    <tr data-category={c.id}>
      <td className="num">{index + 1}</td>
      <td colSpan={4}>
        <form ref={f.formRef} onSubmit={submit} noValidate className="form" aria-label={`Rename ${c.label}`}>
          {f.formError ? (
            <Alert ref={f.alertRef} tone="error">
              {f.formError}
            </Alert>
          ) : null}
          <div className="field-row">
            <TextField
              label="Label"
              name="label"
              value={label}
              maxLength={100}
              error={f.errors.label}
              autoFocus
              onChange={(e) => {
                setLabel(e.target.value);
                f.clear('label');
              }}
            />
            <TextField
              label="Description"
              name="description"
              value={description}
              maxLength={1000}
              error={f.errors.description}
              onChange={(e) => {
                setDescription(e.target.value);
                f.clear('description');
              }}
            />
          </div>
          <p className="field-hint">
            The id <code>{c.id}</code> stays: incidents keep their category when it is renamed.
          </p>
          <div className="form-actions form-actions-start">
            <Button type="submit" variant="primary" size="sm" pending={save.isPending} pendingLabel="Saving…">
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={onDone} disabled={save.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      </td>
    </tr>
  );
}
