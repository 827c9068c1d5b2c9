import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormErrors } from '../../lib/use-form-errors.js';
import type { Errors } from '../../lib/validate.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import { LoadError, Loading } from '../../components/query-state.js';
import {
  contactMethodsApi,
  contactMethodsKey,
  type ContactMethod,
  type Rules,
} from './contact-methods.api.js';

type Urgency = 'high' | 'low';
interface Row {
  contactMethodId: string;
  delayMinutes: string;
}
type Draft = Record<Urgency, Row[]>;
const urgencyText: Record<Urgency, string> = {
  high: 'High urgency — wakes people up',
  low: 'Low urgency — can wait for working hours',
};
const rowFields = (u: Urgency) =>
  Array.from({ length: 20 }, (_, i) => [`${u}.${i}.contactMethodId`, `${u}.${i}.delayMinutes`]).flat();
const fields = ['high', 'low', ...rowFields('high'), ...rowFields('low')];

const toDraft = (r: Rules): Draft => ({
  high: r.high.map((x) => ({ contactMethodId: x.contactMethodId, delayMinutes: String(x.delayMinutes) })),
  low: r.low.map((x) => ({ contactMethodId: x.contactMethodId, delayMinutes: String(x.delayMinutes) })),
});

function check(d: Draft): Errors {
  const e: Errors = {};
  for (const u of ['high', 'low'] as const)
    d[u].forEach((r, i) => {
      const n = Number(r.delayMinutes);
      if (!Number.isInteger(n) || n < 0 || n > 1440)
        e[`${u}.${i}.delayMinutes`] = 'Whole minutes from 0 to 1440.';
    });
  return e;
}

function RulesForm({
  userId,
  rules,
  methods,
  saved,
  setSaved,
}: {
  userId: string;
  rules: Rules;
  methods: ContactMethod[];
  /** Kept by the parent: the form starts again from the server's rules after each save. */
  saved: boolean;
  setSaved: (saved: boolean) => void;
}) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(rules));
  const f = useFormErrors(fields);
  const save = useMutation({
    mutationFn: () =>
      contactMethodsApi.putRules(userId, {
        high: draft.high.map((r) => ({
          contactMethodId: r.contactMethodId,
          delayMinutes: Number(r.delayMinutes),
        })),
        low: draft.low.map((r) => ({
          contactMethodId: r.contactMethodId,
          delayMinutes: Number(r.delayMinutes),
        })),
      }),
    onSuccess: () => {
      setSaved(true);
      void client.invalidateQueries({ queryKey: [contactMethodsKey] });
    },
    onError: (err) => f.fromServer(err),
  });
  const set = (u: Urgency, rows: Row[]): void => {
    setSaved(false);
    setDraft((d) => ({ ...d, [u]: rows }));
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (f.check(check(draft))) save.mutate();
  };
  const options = methods.map((m) => ({ value: m.id, label: m.label }));

  return (
    <form ref={f.formRef} onSubmit={submit} noValidate className="form form-full">
      {f.formError ? (
        <Alert ref={f.alertRef} tone="error">
          {f.formError}
        </Alert>
      ) : null}
      {rules.isDefault ? (
        <p className="muted small">
          No rules set yet: these are the defaults over the contact methods above.
        </p>
      ) : null}
      <div className="grid-2">
        {(['high', 'low'] as const).map((u) => (
          <fieldset key={u} className="fieldset">
            <legend>{urgencyText[u]}</legend>
            {draft[u].length === 0 ? (
              <p className="muted small">Nobody is told for {u}-urgency incidents. Add a rule.</p>
            ) : null}
            <ol className="window-rows">
              {draft[u].map((r, i) => (
                <li key={i} className="window-row">
                  <SelectField
                    label={`${u === 'high' ? 'High' : 'Low'} ${i + 1}: notify`}
                    name={`${u}.${i}.contactMethodId`}
                    value={r.contactMethodId}
                    error={f.errors[`${u}.${i}.contactMethodId`]}
                    options={options}
                    onChange={(e) =>
                      set(
                        u,
                        draft[u].map((x, j) => (j === i ? { ...x, contactMethodId: e.target.value } : x)),
                      )
                    }
                  />
                  <TextField
                    label="after (minutes)"
                    name={`${u}.${i}.delayMinutes`}
                    type="number"
                    min={0}
                    max={1440}
                    className="field-narrow"
                    value={r.delayMinutes}
                    error={f.errors[`${u}.${i}.delayMinutes`]}
                    onChange={(e) =>
                      set(
                        u,
                        draft[u].map((x, j) => (j === i ? { ...x, delayMinutes: e.target.value } : x)),
                      )
                    }
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove ${u} rule ${i + 1}`}
                    onClick={() =>
                      set(
                        u,
                        draft[u].filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ol>
            <Button
              size="sm"
              onClick={() =>
                set(u, [...draft[u], { contactMethodId: methods[0]?.id ?? '', delayMinutes: '0' }])
              }
            >
              + Add rule
            </Button>
          </fieldset>
        ))}
      </div>
      <div className="form-actions form-actions-start">
        <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
          Save rules
        </Button>
        <span role="status" className="muted small">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}

/** Per urgency: which contact method is told after how many minutes (e.g. push now, SMS after 2). */
export function NotificationRulesSection({ userId = 'me' }: { userId?: string }) {
  const [saved, setSaved] = useState(false);
  const methods = useQuery({
    queryKey: [contactMethodsKey, userId],
    queryFn: () => contactMethodsApi.list(userId),
  });
  const rules = useQuery({
    queryKey: [contactMethodsKey, 'rules', userId],
    queryFn: () => contactMethodsApi.rules(userId),
  });
  return (
    <section className="card" aria-labelledby="notification-rules">
      <h2 id="notification-rules">Notification rules</h2>
      {methods.isPending || rules.isPending ? (
        <Loading />
      ) : methods.isError || rules.isError ? (
        <LoadError
          error={methods.error ?? rules.error}
          onRetry={() => void (methods.isError ? methods.refetch() : rules.refetch())}
        />
      ) : methods.data.items.length === 0 ? (
        <p className="muted">
          Add a contact method first; then choose which one is used, and when, for each urgency.
        </p>
      ) : (
        <RulesForm
          key={JSON.stringify(rules.data)}
          saved={saved}
          setSaved={setSaved}
          userId={userId}
          rules={rules.data}
          methods={methods.data.items}
        />
      )}
    </section>
  );
}
