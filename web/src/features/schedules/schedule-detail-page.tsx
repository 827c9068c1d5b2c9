import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, navigate } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { teamName, useTeams } from '../services/services.api.js';
import { instantText } from './calendar-model.js';
import { CoverRequestsSection } from './cover-requests-section.js';
import { IcalScheduleButton } from './ical-section.js';
import { LayersSection } from './layers-section.js';
import { OverridesSection } from './overrides-section.js';
import { ScheduleCalendar } from './schedule-calendar.js';
import { ScheduleFormDialog } from './schedule-form-dialog.js';
import { ms, oncallNowKey, schedulesApi, schedulesKey, type Schedule } from './schedules.api.js';

function OnCallNow({ schedule }: { schedule: Schedule }) {
  const now = useQuery({ queryKey: oncallNowKey, queryFn: schedulesApi.now, refetchInterval: 60_000 });
  const item = now.data?.items.find((i) => i.schedule.id === schedule.id);
  return (
    <section className="card oncall-now" aria-labelledby="schedule-oncall-now">
      <h2 id="schedule-oncall-now">On call now</h2>
      {now.isPending ? (
        <Loading />
      ) : now.isError ? (
        <LoadError error={now.error} onRetry={() => void now.refetch()} />
      ) : (
        <p className="oncall-now-person">
          {item?.user ? (
            <strong>{item.user.name}</strong>
          ) : (
            <strong className="text-bad">Nobody is on call</strong>
          )}
          {item?.until ? (
            <span className="muted small"> until {instantText(ms(item.until), schedule.timeZone)}</span>
          ) : null}
        </p>
      )}
    </section>
  );
}

/** One schedule: who is on call now, the calendar, the layers, overrides, cover requests and its feed. */
export function ScheduleDetailPage({ id }: { id: string }) {
  const me = useMe();
  const admin = canManage(me.role);
  const client = useQueryClient();
  const teams = useTeams();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const schedule = useQuery({ queryKey: [schedulesKey, 'detail', id], queryFn: () => schedulesApi.get(id) });
  const remove = useMutation({
    mutationFn: () => schedulesApi.remove(id),
    onSuccess: () => {
      client.removeQueries({ queryKey: [schedulesKey, 'detail', id] });
      void client.invalidateQueries({ queryKey: [schedulesKey] });
      void client.invalidateQueries({ queryKey: ['oncall'] });
      navigate('/schedules');
    },
  });
  const back = (
    <Link to="/schedules" className="back-link">
      ← Schedules
    </Link>
  );
  if (schedule.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (schedule.isError)
    return (
      <>
        {back}
        <LoadError error={schedule.error} onRetry={() => void schedule.refetch()} />
      </>
    );
  const s = schedule.data;
  const team = teamName(teams.data, s.teamId);

  return (
    <>
      {back}
      <PageHeader
        title={s.name}
        meta={
          <>
            <span>
              Time zone: <span className="mono-soft">{s.timeZone}</span>
            </span>
            {team ? <span>Team: {team}</span> : null}
            <SampleBadge show={Boolean(s.isSample)} />
          </>
        }
        description={s.description || null}
        actions={
          <>
            <IcalScheduleButton scheduleId={s.id} />
            {admin ? <Button onClick={() => setEditing(true)}>Edit</Button> : null}
            {admin ? (
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      <div className="stack">
        <OnCallNow schedule={s} />
        <ScheduleCalendar schedule={s} />
        <LayersSection schedule={s} editable={admin} />
        <div className="grid-2">
          <OverridesSection schedule={s} />
          <CoverRequestsSection schedule={s} />
        </div>
      </div>
      <ScheduleFormDialog
        key={`edit-${s.updatedAt ?? ''}-${editing}`}
        open={editing}
        schedule={s}
        onClose={() => setEditing(false)}
      />
      <ConfirmDialog
        open={deleting}
        title={`Delete ${s.name}?`}
        confirmLabel="Delete schedule"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setDeleting(false);
          remove.reset();
        }}
      >
        <p>
          Its layers, overrides and calendar feeds go with it. Escalation policies that page this schedule
          will reach nobody at that level.
        </p>
      </ConfirmDialog>
    </>
  );
}
