import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canRespond, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { spanText } from './calendar-model.js';
import { ms, schedulesApi, schedulesKey, type Schedule } from './schedules.api.js';
import { SpanDialog } from './span-dialog.js';

/**
 * Cover requests: someone asks for a span to be covered; anyone else accepts, which creates an
 * override for them. The asker can cancel an open request.
 */
export function CoverRequestsSection({ schedule }: { schedule: Schedule }) {
  const me = useMe();
  const responder = canRespond(me.role);
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const list = useQuery({
    queryKey: [schedulesKey, 'cover', schedule.id],
    queryFn: () => schedulesApi.coverRequests(schedule.id),
  });
  const items = (list.data?.items ?? []).filter((c) => c.status === 'open' && ms(c.endsAt) > Date.now());
  const refresh = (): void => {
    void client.invalidateQueries({ queryKey: [schedulesKey] });
    void client.invalidateQueries({ queryKey: ['oncall'] });
  };
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'accept' | 'cancel' }) =>
      action === 'accept' ? schedulesApi.acceptCover(id) : schedulesApi.cancelCover(id),
    onSuccess: refresh,
  });
  const ask = responder ? (
    <Button size="sm" onClick={() => setAsking(true)}>
      Ask for cover
    </Button>
  ) : null;

  return (
    <section className="card" aria-labelledby="schedule-cover">
      <div className="card-header">
        <h2 id="schedule-cover">Cover requests</h2>
        {items.length > 0 ? ask : null}
      </div>
      {act.isError ? <Alert tone="error">{errorMessage(act.error)}</Alert> : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No open cover requests" action={ask}>
          Going to be away during your shift? Ask for cover; whoever accepts gets an override for that span.
        </EmptyState>
      ) : (
        <ul className="plain-list span-list" aria-label="Cover requests">
          {items.map((c) => {
            const mine = c.requester?.id === me.id;
            return (
              <li key={c.id} className="span-item" data-cover={c.id}>
                <span>
                  <strong>{c.requester?.name ?? 'Removed user'}</strong> asks for cover{' '}
                  <span className="muted small">
                    {spanText(ms(c.startsAt), ms(c.endsAt), schedule.timeZone)}
                  </span>
                  {c.note ? <span className="small"> — {c.note}</span> : null}{' '}
                  {mine ? <Badge>Yours</Badge> : null}
                </span>
                {mine ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    pending={act.isPending && act.variables.id === c.id}
                    onClick={() => act.mutate({ id: c.id, action: 'cancel' })}
                  >
                    Cancel request
                  </Button>
                ) : responder ? (
                  <Button
                    size="sm"
                    variant="primary"
                    pending={act.isPending && act.variables.id === c.id}
                    pendingLabel="Accepting…"
                    onClick={() => act.mutate({ id: c.id, action: 'accept' })}
                  >
                    Accept and cover
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <SpanDialog
        key={asking ? 'open' : 'closed'}
        open={asking}
        title="Ask for cover"
        submitLabel="Ask for cover"
        timeZone={schedule.timeZone}
        person="none"
        withNote
        onClose={() => setAsking(false)}
        onSubmit={async (s) => {
          await schedulesApi.askCover(schedule.id, {
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            ...(s.note ? { note: s.note } : {}),
          });
          refresh();
        }}
      />
    </section>
  );
}
