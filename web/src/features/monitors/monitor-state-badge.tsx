import { Badge } from '../../components/badge.js';
import { stateLabels, type Monitor, type StateFilter } from './monitors.api.js';

const tones: Record<StateFilter, 'good' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  up: 'good',
  degraded: 'warn',
  down: 'bad',
  dependency_down: 'info',
  pending: 'neutral',
  paused: 'neutral',
};

/** A monitor's state in words (colour only repeats them); a paused monitor says paused first. */
export function MonitorStateBadge({ monitor }: { monitor: Pick<Monitor, 'state' | 'paused'> }) {
  const state: StateFilter = monitor.paused ? 'paused' : monitor.state;
  return (
    <Badge
      tone={tones[state]}
      title={
        state === 'dependency_down'
          ? 'A monitor this one depends on is down; this one pages nobody meanwhile'
          : undefined
      }
    >
      <span className={`monitor-dot monitor-dot-${state}`} aria-hidden="true" />
      {stateLabels[state]}
    </Badge>
  );
}
