import { useState } from 'react';
import { SelectField } from '../../components/field.js';
import { PersonSearch } from '../schedules/person-search.js';
import { useAllSchedules } from '../schedules/schedules.api.js';
import { useTeams } from '../services/services.api.js';
import {
  targetLabels,
  targetTypes,
  useAllPolicies,
  type Target,
  type TargetType,
} from './escalation-policies.api.js';

/**
 * Adds a target to a level: a person (found by search), a schedule (whoever is on call when the
 * level fires), everyone in a team, or another policy. `exclude` is the policy being edited, which
 * may not page itself.
 */
export function TargetPicker({
  level,
  taken,
  exclude,
  onAdd,
}: {
  level: number;
  taken: Target[];
  exclude?: string | undefined;
  onAdd: (t: Target) => void;
}) {
  const [type, setType] = useState<TargetType>('schedule');
  const schedules = useAllSchedules();
  const teams = useTeams();
  const policies = useAllPolicies();
  const has = (t: TargetType, id: string): boolean => taken.some((x) => x.type === t && x.id === id);
  const choices: { id: string; name: string }[] =
    type === 'schedule'
      ? (schedules.data ?? [])
      : type === 'team'
        ? (teams.data ?? [])
        : type === 'policy'
          ? (policies.data ?? []).filter((p) => p.id !== exclude)
          : [];
  const empty: Record<Exclude<TargetType, 'user'>, string> = {
    schedule: 'No schedules yet: create one in Schedules.',
    team: 'No teams yet: create one in Settings → Teams.',
    policy: 'No other policies.',
  };

  return (
    <div className="target-picker">
      <SelectField
        label={`Add to level ${level}`}
        name={`levels.${level - 1}.targetType`}
        value={type}
        options={targetTypes.map((t) => ({ value: t, label: targetLabels[t] }))}
        onChange={(e) => setType(e.target.value as TargetType)}
      />
      {type === 'user' ? (
        <PersonSearch
          label={`Find a person for level ${level}`}
          picked={taken.filter((t) => t.type === 'user').map((t) => t.id)}
          onPick={(u) => onAdd({ type: 'user', id: u.id, name: u.name })}
        />
      ) : choices.length === 0 ? (
        <p className="muted small">{empty[type]}</p>
      ) : (
        <SelectField
          label={`Choose a ${type}`}
          name={`levels.${level - 1}.target`}
          value=""
          options={[
            { value: '', label: `Choose a ${type}…` },
            ...choices.filter((c) => !has(type, c.id)).map((c) => ({ value: c.id, label: c.name })),
          ]}
          onChange={(e) => {
            const c = choices.find((x) => x.id === e.target.value);
            if (c) onAdd({ type, id: c.id, name: c.name });
          }}
        />
      )}
    </div>
  );
}
