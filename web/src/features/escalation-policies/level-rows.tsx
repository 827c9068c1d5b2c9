import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import type { Errors } from '../../lib/validate.js';
import { maxDelayMinutes, targetText, type Level } from './escalation-policies.api.js';
import { TargetPicker } from './target-picker.js';

export interface LevelDraft extends Omit<Level, 'delayMinutes'> {
  delayMinutes: string;
}

/**
 * The levels of a policy, in order: who each notifies, and how long to wait for an
 * acknowledgement before the next. Levels can be moved, added and removed.
 */
export function LevelRows({
  levels,
  errors,
  policyId,
  onChange,
}: {
  levels: LevelDraft[];
  errors: Errors;
  policyId?: string | undefined;
  onChange: (next: LevelDraft[]) => void;
}) {
  const set = (i: number, patch: Partial<LevelDraft>): void =>
    onChange(levels.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const move = (i: number, by: -1 | 1): void => {
    const next = [...levels];
    const [l] = next.splice(i, 1);
    next.splice(i + by, 0, l as LevelDraft);
    onChange(next);
  };
  return (
    <fieldset className="fieldset">
      <legend>Levels</legend>
      <ol className="level-list">
        {levels.map((l, i) => (
          <li key={i} className="level-item" data-level={i + 1}>
            <div className="layer-head">
              <h3>Level {i + 1}</h3>
              <span className="cell-actions">
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move level ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move level ${i + 1} down`}
                  disabled={i === levels.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove level ${i + 1}`}
                  disabled={levels.length === 1}
                  onClick={() => onChange(levels.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </span>
            </div>
            {l.targets.length === 0 ? (
              <p className="muted small">Nobody yet: add a schedule, a person, a team or another policy.</p>
            ) : (
              <ul className="chip-list" aria-label={`Level ${i + 1} targets`}>
                {l.targets.map((t) => (
                  <li key={`${t.type}:${t.id}`} className="chip">
                    <span>{targetText(t)}</span>
                    <button
                      type="button"
                      className="chip-remove"
                      aria-label={`Remove ${targetText(t)} from level ${i + 1}`}
                      onClick={() => set(i, { targets: l.targets.filter((x) => x !== t) })}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {errors[`levels.${i}.targets`] ? (
              <p className="field-error">{errors[`levels.${i}.targets`]}</p>
            ) : null}
            <TargetPicker
              level={i + 1}
              taken={l.targets}
              exclude={policyId}
              onAdd={(t) => set(i, { targets: [...l.targets, t] })}
            />
            <TextField
              label={`Then wait (minutes) before ${i === levels.length - 1 ? 'repeating or stopping' : `level ${i + 2}`}`}
              name={`levels.${i}.delayMinutes`}
              type="number"
              min={1}
              max={maxDelayMinutes}
              className="field-narrow"
              value={l.delayMinutes}
              error={errors[`levels.${i}.delayMinutes`]}
              onChange={(e) => set(i, { delayMinutes: e.target.value })}
            />
          </li>
        ))}
      </ol>
      <div className="form-actions form-actions-start">
        <Button size="sm" onClick={() => onChange([...levels, { delayMinutes: '15', targets: [] }])}>
          + Add level
        </Button>
      </div>
    </fieldset>
  );
}
