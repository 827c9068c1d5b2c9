import type { ReactNode } from 'react';
import { channelLabel } from '../contact-methods/channel-fields.js';

interface Entry {
  kind: string;
  body: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Tones of the on-call timeline entries (pages, escalations, deliveries, nobody to page). */
export const oncallTones: Record<string, string> = {
  paged: 'info',
  escalated: 'warn',
  nobody_on_call: 'bad',
};

/**
 * The on-call entries of an incident's timeline as sentences: who was paged at which level, an
 * escalation, nobody on call, and each notification sent, failed or impossible (no contact
 * method). null for any other kind.
 */
export function describeOncall(e: Entry): { title: ReactNode; extra?: ReactNode } | null {
  const b = e.body;
  switch (e.kind) {
    case 'paged':
    case 'escalated':
      return { title: str(b.text) ?? (e.kind === 'paged' ? 'Paged' : 'Escalated') };
    case 'nobody_on_call':
      return { title: <span className="text-bad">{str(b.text) ?? 'Nobody on call'}</span> };
    case 'notification': {
      const who = str(b.userName) ?? 'someone';
      const how = str(b.channel) ? ` by ${channelLabel(str(b.channel) as string)}` : '';
      if (b.result === 'sent') return { title: `Notified ${who}${how}` };
      if (b.result === 'failed')
        return {
          title: <span className="text-bad">{`Could not notify ${who}${how}`}</span>,
          extra: str(b.error) ? <span className="muted small">{str(b.error)}</span> : undefined,
        };
      return { title: <span className="text-bad">{str(b.message) ?? `${who} could not be reached`}</span> };
    }
    default:
      return null;
  }
}
