import type { CSSProperties } from 'react';
import { initials } from '../../lib/format.js';
import { colourSlot, dayLabel, place, spanText, type Week } from './calendar-model.js';
import { ms, type Span, type Timeline } from './schedules.api.js';

/** Bars narrower than this (% of the week, about 11 hours) show initials; the full name stays in the text. */
const narrow = 6.5;
/** Narrower than this (about 4 hours) there is no room even for initials: colour and title only. */
const tiny = 2.4;

export interface CalendarRow {
  key: string;
  label: string;
  kind: 'layer' | 'override' | 'final';
  spans: Span[];
}

/** The rows a timeline draws, top to bottom: each layer, the overrides, then the final schedule. */
export function rowsOf(t: Timeline): CalendarRow[] {
  return [
    ...t.layers.map((l) => ({ key: l.layerId, label: l.name, kind: 'layer' as const, spans: l.spans })),
    {
      key: 'overrides',
      label: 'Overrides',
      kind: 'override' as const,
      spans: t.overrides.map((o) => ({ start: o.startsAt, end: o.endsAt, userId: o.userId })),
    },
    { key: 'final', label: 'Final schedule', kind: 'final' as const, spans: t.final },
  ];
}

/**
 * One week as a timeline: a column per day (as long as that local day really is), a row per
 * layer, the overrides and the final schedule, each shift a coloured bar with the person's name.
 * The bars are list items with their full text, so a screen reader hears "Ana Ruiz, Mon 27 Nov
 * 09:00 – Tue 28 Nov 09:00"; colour only repeats the name.
 */
export function CalendarWeek({
  week,
  rows,
  users,
  timeZone,
  now,
  month,
  inMonth,
}: {
  week: Week;
  rows: CalendarRow[];
  users: Timeline['users'];
  timeZone: string;
  now: number;
  month: boolean;
  /** In the month view, days outside the month are dimmed. */
  inMonth?: (date: string) => boolean;
}) {
  const start = week.bounds[0] ?? 0;
  const end = week.bounds[7] ?? 0;
  const cols = week.days.map((d, i) => place(week.bounds[i] ?? 0, week.bounds[i + 1] ?? 0, start, end));
  const nowAt = place(now, now + 1, start, end);
  const name = (id: string | null): string =>
    id === null ? 'Nobody on call' : (users[id]?.name ?? 'Unknown');
  return (
    <div className="cal-week" data-week={week.days[0]}>
      <div className="cal-row cal-head" aria-hidden="true">
        <span className="cal-row-label" />
        <div className="cal-track">
          {week.days.map((d, i) => (
            <span
              key={d}
              className={`cal-day ${inMonth && !inMonth(d) ? 'cal-day-out' : ''}`}
              style={colStyle(cols[i])}
            >
              {dayLabel(d, month)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((r) => {
        const bars = r.spans
          .map((s) => ({ s, a: ms(s.start), b: ms(s.end) }))
          .map((x) => ({ ...x, p: place(x.a, x.b, start, end) }))
          .filter((x) => x.p !== null);
        return (
          <div key={r.key} className={`cal-row cal-row-${r.kind}`}>
            <span className="cal-row-label" id={`cal-${week.days[0]}-${r.key}`}>
              {r.label}
            </span>
            <div className="cal-track">
              {cols.map((c, i) => (
                <span key={i} className="cal-grid" style={colStyle(c)} aria-hidden="true" />
              ))}
              {nowAt ? (
                <span className="cal-now" style={{ left: `${nowAt.left}%` }} aria-hidden="true" />
              ) : null}
              <ol className="cal-bars" aria-labelledby={`cal-${week.days[0]}-${r.key}`}>
                {bars.map(({ s, a, b, p }, i) => {
                  if (!p) return null;
                  const who = name(s.userId);
                  const when = spanText(a, b, timeZone);
                  return (
                    <li
                      key={i}
                      className={`cal-bar ${s.userId === null ? 'cal-gap' : `cal-c${colourSlot(s.userId)}`}`}
                      style={{ left: `${p.left}%`, width: `${p.width}%` }}
                      title={`${who}: ${when}`}
                      data-user={s.userId ?? ''}
                    >
                      {p.width < narrow ? (
                        <>
                          <span className="cal-bar-name" aria-hidden="true">
                            {p.width < tiny ? '' : s.userId === null ? '–' : initials(who)}
                          </span>
                          <span className="visually-hidden">
                            {who}, {when}
                          </span>
                        </>
                      ) : (
                        <>
                          <span className="cal-bar-name">{who}</span>
                          <span className="visually-hidden">, {when}</span>
                        </>
                      )}
                    </li>
                  );
                })}
              </ol>
              {bars.length === 0 ? <span className="cal-empty">{emptyText(r.kind)}</span> : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function emptyText(kind: CalendarRow['kind']): string {
  if (kind === 'override') return 'No overrides';
  if (kind === 'final') return 'Nobody on call';
  return 'Not on call this week';
}

function colStyle(c: { left: number; width: number } | null | undefined): CSSProperties {
  return c ? { left: `${c.left}%`, width: `${c.width}%` } : { display: 'none' };
}
