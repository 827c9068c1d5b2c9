import { Badge } from './badge.js';

/**
 * Coloured badges for incident and alert states. The colour only repeats the word, so nothing
 * depends on seeing colour: triggered is red, acknowledged amber, resolved green.
 */
const statusTones = { triggered: 'bad', acknowledged: 'warn', resolved: 'good' } as const;
const statusWords: Record<string, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

export function StatusBadge({ status }: { status: string }) {
  const tone = statusTones[status as keyof typeof statusTones] ?? 'neutral';
  return (
    <Badge tone={tone}>
      <span className={`status-dot status-dot-${status}`} aria-hidden="true" />
      {statusWords[status] ?? status}
    </Badge>
  );
}

const severityTones: Record<string, 'bad' | 'warn' | 'info' | 'neutral'> = {
  SEV1: 'bad',
  SEV2: 'warn',
  SEV3: 'info',
  SEV4: 'neutral',
  critical: 'bad',
  error: 'warn',
  warning: 'info',
  info: 'neutral',
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={severityTones[severity] ?? 'neutral'}>{severity}</Badge>;
}

const priorityTones: Record<string, 'bad' | 'warn' | 'neutral'> = { P1: 'bad', P2: 'warn' };

export function PriorityBadge({ priority, byHand = false }: { priority: string; byHand?: boolean }) {
  return (
    <Badge
      tone={priorityTones[priority] ?? 'neutral'}
      title={byHand ? 'Set by hand, not from impact × urgency' : undefined}
    >
      {priority}
    </Badge>
  );
}
