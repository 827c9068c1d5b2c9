import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import * as v from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { categoriesApi, categoriesKey } from './incident-categories.api.js';

/** Adds a category at the end of the list; its id is derived from the label by the server. */
export function CategoryAddForm() {
  const client = useQueryClient();
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const f = useFormErrors(['label', 'description']);
  const create = useMutation({
    mutationFn: () => categoriesApi.create({ label: label.trim(), description: description.trim() }),
    onSuccess: (c) => {
      setLabel('');
      setDescription('');
      setAdded(c.label);
      f.reset();
      void client.invalidateQueries({ queryKey: [categoriesKey] });
    },
    onError: (err) => f.fromServer(err),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setAdded(null);
    if (f.check({ label: v.required(label, 'Label') })) create.mutate();
  };

  return (
    <section className="card" aria-labelledby="category-add">
      <h2 id="category-add">Add a category</h2>
      <form ref={f.formRef} onSubmit={submit} noValidate className="form">
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
            hint="Optional: when to choose it."
            error={f.errors.description}
            onChange={(e) => {
              setDescription(e.target.value);
              f.clear('description');
            }}
          />
        </div>
        <div className="form-actions form-actions-start">
          <Button type="submit" variant="primary" pending={create.isPending} pendingLabel="Adding…">
            Add category
          </Button>
          <span role="status" className="muted small">
            {added ? `Added “${added}”.` : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
