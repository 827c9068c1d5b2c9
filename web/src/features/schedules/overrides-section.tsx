import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canManage, canRespond, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { usePeople } from '../incidents/use-people.js';
import { spanText } from './calendar-model.js';
import { ms, schedulesApi, schedulesKey, type Override, type Schedule } from './schedules.api.js';
import { SpanDialog } from './span-dialog.js';

/**
 * Overrides: a person covers a span over every layer. Admins create them for anyone; responders
 * for themselves. Past overrides drop off the list (the calendar still shows them).
 */
export function OverridesSection({ schedule }: { schedule: Schedule }) {
  const me = useMe();
  const admin = canManage(me.role);
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<Override | null>(null);
  const list = useQuery({
    queryKey: [schedulesKey, 'overrides', schedule.id],
    queryFn: () => schedulesApi.overrides(schedule.id),
  });
  const items = (list.data?.items ?? [])
    .filter((o) => ms(o.endsAt) > Date.now())
    .sort((a, b) => ms(a.startsAt) - ms(b.startsAt));
  const people = usePeople(items.map((o) => o.userId));
  const refresh = (): void => void client.invalidateQueries({ queryKey: [schedulesKey] });
  const remove = useMutation({
    mutationFn: (o: Override) => schedulesApi.removeOverride(schedule.id, o.id),
    onSuccess: () => {
      setRemoving(null);
      refresh();
      void client.invalidateQueries({ queryKey: ['oncall'] });
    },
  });
  const add = canRespond(me.role) ? (
    <Button size="sm" onClick={() => setCreating(true)}>
      Create override
    </Button>
  ) : null;

  return (
    <section className="card" aria-labelledby="schedule-overrides">
      <div className="card-header">
        <h2 id="schedule-overrides">Overrides</h2>
        {items.length > 0 ? add : null}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No current or upcoming overrides" action={add}>
          Create an override when someone covers a shift: it wins over every layer for that span.
        </EmptyState>
      ) : (
        <ul className="plain-list span-list" aria-label="Overrides">
          {items.map((o) => (
            <li key={o.id} className="span-item" data-override={o.id}>
              <span>
                <strong>{people.name(o.userId)}</strong>{' '}
                <span className="muted small">
                  {spanText(ms(o.startsAt), ms(o.endsAt), schedule.timeZone)}
                </span>
              </span>
              {admin || o.userId === me.id ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Delete override for ${people.name(o.userId)}`}
                  onClick={() => setRemoving(o)}
                >
                  Delete
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <SpanDialog
        key={creating ? 'open' : 'closed'}
        open={creating}
        title="Create override"
        submitLabel="Create override"
        timeZone={schedule.timeZone}
        person={admin ? 'anyone' : 'self'}
        onClose={() => setCreating(false)}
        onSubmit={async (s) => {
          await schedulesApi.addOverride(schedule.id, {
            userId: s.userId,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
          });
          refresh();
          void client.invalidateQueries({ queryKey: ['oncall'] });
        }}
      />
      <ConfirmDialog
        open={removing !== null}
        title="Delete this override?"
        confirmLabel="Delete override"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        <p>The layers decide who is on call for that span again.</p>
      </ConfirmDialog>
      {remove.isError && removing === null ? <Alert tone="error">{errorMessage(remove.error)}</Alert> : null}
    </section>
  );
}
