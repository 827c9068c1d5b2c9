import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, navigate } from '../../app/router.js';
import { canManage, useMe } from '../../app/session.js';
import { SampleBadge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { teamName, useTeams } from '../services/services.api.js';
import { IcalMineButton } from './ical-section.js';
import { ScheduleFormDialog } from './schedule-form-dialog.js';
import { oncallNowKey, schedulesApi, useAllSchedules } from './schedules.api.js';

/** On-call schedules: who is on call now in each, and a way to create one. */
export function SchedulesPage() {
  const me = useMe();
  const admin = canManage(me.role);
  const teams = useTeams();
  const schedules = useAllSchedules();
  const now = useQuery({ queryKey: oncallNowKey, queryFn: schedulesApi.now, refetchInterval: 60_000 });
  const [creating, setCreating] = useState(false);
  const onCall = (id: string): string => {
    const item = now.data?.items.find((i) => i.schedule.id === id);
    if (!item) return '…';
    return item.user?.name ?? 'Nobody';
  };
  const add = admin ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      New schedule
    </Button>
  ) : null;
  const list = schedules.data ?? [];

  return (
    <>
      <PageHeader
        title="Schedules"
        description="Who is on call when: people take turns in layers, in the schedule’s time zone. Escalation policies page the person on call."
        actions={
          <>
            <IcalMineButton />
            {add}
          </>
        }
      />
      {schedules.isPending ? (
        <Loading />
      ) : schedules.isError ? (
        <LoadError error={schedules.error} onRetry={() => void schedules.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState title="No schedules yet" action={add}>
          {admin
            ? 'Create a schedule: the people who take turns, how often they hand off, and from when. Then point an escalation policy at it.'
            : 'An owner or admin creates schedules. Ask them to add you to one.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Schedules">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">On call now</th>
                <th scope="col">Time zone</th>
                <th scope="col">Team</th>
                <th scope="col" className="num">
                  Layers
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} data-schedule={s.id}>
                  <td>
                    <Link to={`/schedules/${s.id}`} className="row-link">
                      {s.name}
                    </Link>{' '}
                    <SampleBadge show={Boolean(s.isSample)} />
                  </td>
                  <td>{onCall(s.id)}</td>
                  <td className="mono-soft">{s.timeZone}</td>
                  <td>{teamName(teams.data, s.teamId) ?? <span className="muted">None</span>}</td>
                  <td className="num">{s.layers.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ScheduleFormDialog
        key={creating ? 'open' : 'closed'}
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(s) => navigate(`/schedules/${s.id}`)}
      />
    </>
  );
}
