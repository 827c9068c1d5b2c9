import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from '../../app/router.js';
import { formatDateTime } from '../../lib/format.js';
import { Markdown } from '../../lib/markdown.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { RelativeTime } from '../../components/relative-time.js';
import {
  formatMinutes,
  incidentRoles,
  incidentsApi,
  roleNames,
  type IncidentDetail,
  type IncidentRole,
  type TimelineEntry,
} from './incidents.api.js';
import { describeOncall, oncallTones } from '../deliveries/oncall-timeline.js';
import { categoryLabel, useIncidentCategories } from '../incident-categories/incident-categories.api.js';
import { useIncidentAction } from './use-incident-action.js';
import { usePeople } from './use-people.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const ids = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const fromTo = (v: unknown): { from: string | null; to: string | null } | null =>
  v && typeof v === 'object'
    ? { from: str((v as { from?: unknown }).from), to: str((v as { to?: unknown }).to) }
    : null;

/** The user ids a timeline entry names (assignees, role holders), to look their names up. */
function peopleIn(e: TimelineEntry): string[] {
  if (e.kind === 'assigned') return [...ids(e.body.added), ...ids(e.body.removed)];
  if (e.kind === 'roles_changed')
    return incidentRoles.flatMap((r) => {
      const c = fromTo(e.body[r]);
      return c ? [c.from, c.to].filter((x): x is string => Boolean(x)) : [];
    });
  return [];
}

function Change({ from, to }: { from: ReactNode; to: ReactNode }) {
  return (
    <>
      {' '}
      from <strong>{from}</strong> <span aria-hidden="true">→</span>
      <span className="visually-hidden">to</span> <strong>{to}</strong>
    </>
  );
}

function AlertLink({ body }: { body: Record<string, unknown> }) {
  const id = str(body.alertId);
  const label = str(body.summary) ?? str(body.dedupKey) ?? 'an alert';
  return id ? <Link to={`/alerts/${id}`}>{label}</Link> : <>{label}</>;
}

/** One entry as a sentence, plus an optional block (a note, a reason) under it. */
function describe(
  e: TimelineEntry,
  name: (id: string) => string,
  category: (id: string | null) => string | null,
): { title: ReactNode; extra?: ReactNode } {
  const b = e.body;
  const reason = str(b.reason);
  switch (e.kind) {
    case 'triggered':
      return {
        title: (
          <>
            Triggered{str(b.severity) ? ` as ${str(b.severity)}` : ''}
            {str(b.priority) ? `, ${str(b.priority)}` : ''}
          </>
        ),
      };
    case 'alert_linked':
      return {
        title: (
          <>
            Alert linked: <AlertLink body={b} />
          </>
        ),
        extra: str(b.dedupKey) ? (
          <span className="mono-soft small">dedup key {str(b.dedupKey)}</span>
        ) : undefined,
      };
    case 'alert_acknowledged':
      return {
        title: (
          <>
            Alert acknowledged: <AlertLink body={b} />
          </>
        ),
      };
    case 'alert_resolved':
      return {
        title: (
          <>
            Alert resolved: <AlertLink body={b} />
          </>
        ),
      };
    case 'acknowledged':
      return { title: 'Acknowledged' };
    case 'resolved':
      return {
        title: 'Resolved',
        extra: reason ? <Markdown text={reason} className="timeline-note" /> : undefined,
      };
    case 'retriggered':
      return { title: `Triggered again${reason ? `: ${reason}` : ''}` };
    case 'reopened':
      return { title: 'Reopened' };
    case 'note':
      return { title: 'Note', extra: <Markdown text={str(b.markdown) ?? ''} className="timeline-note" /> };
    case 'severity_changed':
      return {
        title: (
          <>
            Severity changed
            <Change from={str(b.from)} to={str(b.to)} />
          </>
        ),
        extra:
          str(b.impact) || str(b.priority) ? (
            <span className="muted small">
              Impact {str(b.impact) ?? '—'}, priority {str(b.priority) ?? '—'}
            </span>
          ) : undefined,
      };
    case 'priority_changed':
      return {
        title: (
          <>
            Priority changed
            <Change from={str(b.from)} to={str(b.to)} />{' '}
            {b.overridden ? '(set by hand)' : '(automatic again)'}
          </>
        ),
      };
    case 'impact_changed':
      return {
        title: (
          <>
            Impact changed
            <Change from={str(b.from)} to={str(b.to)} />
          </>
        ),
        extra: str(b.priority) ? <span className="muted small">Priority {str(b.priority)}</span> : undefined,
      };
    case 'assigned': {
      const added = ids(b.added).map(name);
      const removed = ids(b.removed).map(name);
      return {
        title: [
          added.length ? `Assigned ${added.join(', ')}` : '',
          removed.length ? `Unassigned ${removed.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      };
    }
    case 'roles_changed':
      return {
        title: incidentRoles
          .flatMap((r: IncidentRole) => {
            const c = fromTo(b[r]);
            if (!c) return [];
            return [
              c.to
                ? `${roleNames[r]}: ${name(c.to)}`
                : `${roleNames[r]} cleared${c.from ? ` (was ${name(c.from)})` : ''}`,
            ];
          })
          .join('; '),
      };
    case 'updated': {
      const parts: ReactNode[] = [];
      const title = fromTo(b.title);
      const change = fromTo(b.category);
      if (title)
        parts.push(
          <span key="t">
            Title changed
            <Change from={title.from ?? '—'} to={title.to ?? '—'} />
          </span>,
        );
      if (b.description) parts.push(<span key="d">Description edited</span>);
      if (change)
        parts.push(
          <span key="c">
            Category changed
            <Change from={category(change.from) ?? 'none'} to={category(change.to) ?? 'none'} />
          </span>,
        );
      return {
        title: parts.length ? <>{parts.map((p, i) => [i > 0 ? '; ' : null, p])}</> : 'Details edited',
      };
    }
    case 'snoozed':
      return {
        title: `Snoozed${typeof b.minutes === 'number' ? ` for ${formatMinutes(b.minutes)}` : ''}`,
        extra: str(b.until) ? (
          <span className="muted small">Escalation paused until {formatDateTime(str(b.until))}</span>
        ) : undefined,
      };
    case 'merged': {
      const into = b.into as { id?: string; number?: number } | undefined;
      const from = b.from as { id?: string; number?: number; title?: string } | undefined;
      if (into?.number)
        return {
          title: (
            <>
              Merged into <Link to={`/incidents/${into.number}`}>#{into.number}</Link>
            </>
          ),
        };
      if (from?.number)
        return {
          title: (
            <>
              <Link to={`/incidents/${from.number}`}>#{from.number}</Link> {from.title ?? ''} was merged into
              this incident
            </>
          ),
        };
      return { title: 'Merged' };
    }
    default:
      return describeOncall(e) ?? { title: e.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) };
  }
}

/** "Olive Owner <olive@example.com>" → "Olive Owner" (the full label stays on hover). */
const actorName = (label: string): string => label.replace(/\s*<[^<>]*>/, '') || label;

const kindTone: Record<string, string> = {
  triggered: 'bad',
  retriggered: 'bad',
  reopened: 'bad',
  acknowledged: 'warn',
  resolved: 'good',
  alert_resolved: 'good',
  note: 'info',
  ...oncallTones,
};

/** The incident's history, oldest first, and a box to add a markdown note. */
export function IncidentTimeline({
  incident,
  routeId,
  editable,
  now,
}: {
  incident: IncidentDetail;
  routeId: string;
  editable: boolean;
  now: number;
}) {
  const people = usePeople(incident.timeline.flatMap(peopleIn));
  const categories = useIncidentCategories();
  const category = (id: string | null) => categoryLabel(categories.data, id);
  return (
    <section className="card" aria-labelledby="incident-timeline">
      <h2 id="incident-timeline">Timeline</h2>
      {incident.timelineTruncated ? (
        <p className="muted small">Only the newest 1,000 entries are shown.</p>
      ) : null}
      <ol className="timeline" aria-label="Timeline entries, oldest first">
        {incident.timeline.map((e) => {
          const { title, extra } = describe(e, people.name, category);
          return (
            <li
              key={e.id}
              className={`timeline-entry timeline-${kindTone[e.kind] ?? 'neutral'}`}
              data-kind={e.kind}
            >
              <span className="timeline-dot" aria-hidden="true" />
              <div className="timeline-body">
                <p className="timeline-title">{title}</p>
                <p className="timeline-meta">
                  <span title={e.actor.label}>{actorName(e.actor.label)}</span> ·{' '}
                  <RelativeTime iso={e.at} now={now} />
                </p>
                {extra ? <div className="timeline-extra">{extra}</div> : null}
              </div>
            </li>
          );
        })}
      </ol>
      {editable ? <NoteForm incident={incident} routeId={routeId} /> : null}
    </section>
  );
}

const noteFields = ['body'] as const;

function NoteForm({ incident, routeId }: { incident: IncidentDetail; routeId: string }) {
  const [text, setText] = useState('');
  const [preview, setPreview] = useState(false);
  const f = useFormErrors(noteFields);
  const add = useIncidentAction(routeId, (body: string) => incidentsApi.addNote(incident.id, body));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const problem = !text.trim()
      ? 'Write a note first.'
      : text.length > 10_000
        ? `At most 10,000 characters (now ${text.length.toLocaleString()}).`
        : undefined;
    if (!f.check({ body: problem })) {
      setPreview(false);
      return;
    }
    add.mutate(text, {
      onSuccess: () => {
        setText('');
        setPreview(false);
        f.reset();
      },
      onError: (err) => {
        setPreview(false);
        f.fromServer(err);
      },
    });
  };
  const error = f.errors.body;
  return (
    <form
      ref={f.formRef}
      className="form note-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="note-heading"
    >
      <div className="note-form-header">
        <h3 id="note-heading" className="subheading">
          Add note
        </h3>
        <div className="segmented" role="group" aria-label="Note view">
          <button type="button" aria-pressed={!preview} onClick={() => setPreview(false)}>
            Write
          </button>
          <button type="button" aria-pressed={preview} onClick={() => setPreview(true)}>
            Preview
          </button>
        </div>
      </div>
      {f.formError ? (
        <Alert ref={f.alertRef} tone="error">
          {f.formError}
        </Alert>
      ) : null}
      {preview ? (
        <div className="note-preview" role="region" aria-label="Note preview">
          {text.trim() ? <Markdown text={text} /> : <p className="muted">Nothing to preview yet.</p>}
        </div>
      ) : (
        <div className="field">
          <label htmlFor="note-body" className="visually-hidden">
            Note
          </label>
          <textarea
            id="note-body"
            name="body"
            rows={4}
            value={text}
            placeholder="What you found, what you tried, what is next…"
            aria-invalid={error ? true : undefined}
            aria-describedby={`note-hint${error ? ' note-error' : ''}`}
            onChange={(e) => {
              setText(e.target.value);
              f.clear('body');
            }}
          />
          <p id="note-hint" className="field-hint">
            Markdown: **bold**, *italic*, `code`, ``` code blocks ```, [links](https://…), - lists.
          </p>
          {error ? (
            <p id="note-error" className="field-error">
              <span aria-hidden="true">⚠ </span>
              {error}
            </p>
          ) : null}
        </div>
      )}
      <div className="form-actions form-actions-start">
        <Button type="submit" variant="primary" size="sm" pending={add.isPending} pendingLabel="Adding…">
          Add note
        </Button>
      </div>
    </form>
  );
}
