import { useQuery } from '@tanstack/react-query';
import { navigate, useLocation } from '../../app/router.js';
import { useNow } from '../../lib/use-now.js';
import { Button } from '../../components/button.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { CalendarWeek, rowsOf } from './calendar-week.js';
import { isDate, step, titleFor, todayIn, weeksFor, type CalendarView } from './calendar-model.js';
import { ShiftList } from './shift-list.js';
import { schedulesApi, schedulesKey, type Schedule } from './schedules.api.js';

/**
 * The schedule as a calendar: a week (default) or a month of weeks, each with a row per layer,
 * the overrides and the final schedule, in the schedule's time zone. The view and the date live
 * in the URL (?view=month&date=2026-11-01), so a view can be shared and survives a reload.
 */
export function ScheduleCalendar({ schedule }: { schedule: Schedule }) {
  const { pathname, search } = useLocation();
  const now = useNow(60_000);
  const tz = schedule.timeZone;
  const view: CalendarView = search.get('view') === 'month' ? 'month' : 'week';
  const dateParam = search.get('date');
  const date = isDate(dateParam) ? dateParam : todayIn(tz, now);
  const weeks = weeksFor(view, date, tz);
  const since = new Date(weeks[0]?.bounds[0] ?? now).toISOString();
  const until = new Date(weeks.at(-1)?.bounds[7] ?? now).toISOString();
  const timeline = useQuery({
    queryKey: [schedulesKey, 'timeline', schedule.id, since, until],
    queryFn: ({ signal }) => schedulesApi.timeline(schedule.id, since, until, signal),
    placeholderData: (prev) => prev,
  });
  const go = (next: { view?: CalendarView; date?: string | null }): void => {
    const q = new URLSearchParams(search);
    const v = next.view ?? view;
    if (v === 'month') q.set('view', 'month');
    else q.delete('view');
    const d = next.date === undefined ? dateParam : next.date;
    if (d) q.set('date', d);
    else q.delete('date');
    const s = q.toString();
    navigate(s ? `${pathname}?${s}` : pathname, { replace: true });
  };
  const month = date.slice(0, 7);

  return (
    <section className="card" aria-labelledby="schedule-calendar">
      <div className="card-header cal-toolbar">
        <h2 id="schedule-calendar">{titleFor(view, date)}</h2>
        <div className="cal-controls">
          <div className="segmented" role="group" aria-label="Calendar view">
            {(['week', 'month'] as const).map((v) => (
              <button key={v} type="button" aria-pressed={view === v} onClick={() => go({ view: v })}>
                {v === 'week' ? 'Week' : 'Month'}
              </button>
            ))}
          </div>
          <Button
            size="sm"
            onClick={() => go({ date: step(view, date, -1) })}
            aria-label={`Previous ${view}`}
          >
            ← Previous
          </Button>
          <Button size="sm" onClick={() => go({ date: null })}>
            Today
          </Button>
          <Button size="sm" onClick={() => go({ date: step(view, date, 1) })} aria-label={`Next ${view}`}>
            Next →
          </Button>
        </div>
      </div>
      <p className="muted small">
        Times in <strong>{tz}</strong>, the schedule’s time zone. Later layers win where they cover; overrides
        win over every layer.
      </p>
      {timeline.isPending ? (
        <Loading label="Loading the schedule…" />
      ) : timeline.isError ? (
        <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <div className={`cal cal-view-${view}`} aria-busy={timeline.isPlaceholderData || undefined}>
          {weeks.map((w) => (
            <CalendarWeek
              key={w.days[0]}
              week={w}
              rows={rowsOf(timeline.data)}
              users={timeline.data.users}
              timeZone={tz}
              now={now}
              month={view === 'month'}
              {...(view === 'month' ? { inMonth: (d: string) => d.startsWith(month) } : {})}
            />
          ))}
          <ShiftList final={timeline.data.final} users={timeline.data.users} timeZone={tz} />
        </div>
      )}
    </section>
  );
}
