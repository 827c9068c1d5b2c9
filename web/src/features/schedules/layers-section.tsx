import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { usePeople } from '../incidents/use-people.js';
import { instantText } from './calendar-model.js';
import { LayerDialog } from './layer-dialog.js';
import { ms, rotationLabel, schedulesApi, schedulesKey, type Layer, type Schedule } from './schedules.api.js';

function restrictionText(l: Layer): string {
  const r = l.restrictions;
  if (!r) return 'At all times';
  if (r.kind === 'daily') return `Every day ${r.from}–${r.to}`;
  return r.windows.map((w) => `${w.fromDay} ${w.from} – ${w.toDay} ${w.to}`).join('; ');
}

/**
 * The layers in precedence order (a later layer wins where it covers): what each rotates, who is
 * in it, and edit / move / remove. Every change saves the whole schedule.
 */
export function LayersSection({ schedule, editable }: { schedule: Schedule; editable: boolean }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<{ index: number; layer: Layer | null } | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const people = usePeople(schedule.layers.flatMap((l) => l.members));
  const save = useMutation({
    mutationFn: (layers: Layer[]) => schedulesApi.update(schedule.id, { layers }),
    onSuccess: () => void client.invalidateQueries({ queryKey: [schedulesKey] }),
  });
  const withLayer = (index: number, layer: Layer): Layer[] => {
    const next = [...schedule.layers];
    next.splice(index, index < next.length ? 1 : 0, layer);
    return next;
  };
  const move = (i: number, by: -1 | 1): void => {
    const next = [...schedule.layers];
    const [l] = next.splice(i, 1);
    next.splice(i + by, 0, l as Layer);
    save.mutate(next);
  };
  const add = editable ? (
    <Button size="sm" onClick={() => setEditing({ index: schedule.layers.length, layer: null })}>
      Add layer
    </Button>
  ) : null;

  return (
    <section className="card" aria-labelledby="schedule-layers">
      <div className="card-header">
        <h2 id="schedule-layers">Layers</h2>
        {schedule.layers.length > 0 ? add : null}
      </div>
      {save.isError && editing === null ? <Alert tone="error">{errorMessage(save.error)}</Alert> : null}
      {schedule.layers.length === 0 ? (
        <EmptyState title="No layers yet" action={add}>
          Add a layer with the people who take turns, how often they hand off and from when. Add a second
          layer (for example business hours only) to take over where it covers.
        </EmptyState>
      ) : (
        <ol className="layer-list">
          {schedule.layers.map((l, i) => (
            <li key={l.id ?? i} className="layer-item" data-layer={l.id}>
              <div className="layer-head">
                <h3>
                  {i + 1}. {l.name}
                </h3>
                {editable ? (
                  <span className="cell-actions">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move layer ${l.name} up`}
                      disabled={i === 0 || save.isPending}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move layer ${l.name} down`}
                      disabled={i === schedule.layers.length - 1 || save.isPending}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </Button>
                    <Button
                      size="sm"
                      aria-label={`Edit layer ${l.name}`}
                      onClick={() => setEditing({ index: i, layer: l })}
                    >
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove layer ${l.name}`}
                      onClick={() => setRemoving(i)}
                    >
                      Remove
                    </Button>
                  </span>
                ) : null}
              </div>
              <p className="small">
                {rotationLabel(l.rotation)} · {restrictionText(l)} · first hand-off{' '}
                {instantText(ms(l.startsAt), schedule.timeZone)}
                {l.endsAt ? ` · ends ${instantText(ms(l.endsAt), schedule.timeZone)}` : ''}
              </p>
              <p className="small muted">{l.members.map((m) => people.name(m)).join(' → ')}</p>
            </li>
          ))}
        </ol>
      )}
      <LayerDialog
        key={editing ? `${editing.index}-${editing.layer?.id ?? 'new'}` : 'closed'}
        open={editing !== null}
        layer={editing?.layer ?? null}
        index={editing?.index ?? 0}
        timeZone={schedule.timeZone}
        onClose={() => setEditing(null)}
        onSave={(layer) => save.mutateAsync(withLayer(editing?.index ?? schedule.layers.length, layer))}
      />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove layer ${removing === null ? '' : (schedule.layers[removing]?.name ?? '')}?`}
        confirmLabel="Remove layer"
        pendingLabel="Removing…"
        pending={save.isPending}
        error={save.isError ? errorMessage(save.error) : null}
        onConfirm={() =>
          removing !== null &&
          save.mutate(
            schedule.layers.filter((_, j) => j !== removing),
            { onSuccess: () => setRemoving(null) },
          )
        }
        onClose={() => {
          setRemoving(null);
          save.reset();
        }}
      >
        <p>Its shifts disappear from the final schedule; lower layers, or nobody, cover them instead.</p>
      </ConfirmDialog>
    </section>
  );
}
