import { z } from 'zod';
import type { DomainEvent } from '../../lib/events.js';

/**
 * What a live stream tells browsers: that something changed, never what it now looks like. A
 * client refetches what it shows, through the ordinary API and its authorization, so a stream
 * carries only ids and statuses and needs no per-event permission check.
 */
export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('incident.changed'),
    data: z.object({ incidentId: z.string(), number: z.number(), status: z.string() }),
  }),
  z.object({
    type: z.literal('alert.changed'),
    data: z.object({ alertId: z.string(), serviceId: z.string(), status: z.string() }),
  }),
  // Events were lost (a slow client's backlog overflowed, or the cross-node channel
  // reconnected): refetch everything shown.
  z.object({ type: z.literal('resync'), data: z.object({}) }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

const incidentStatusOf = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
} as const;

/** The live event a domain event becomes. Every domain event today maps to one. */
export function liveEventOf(event: DomainEvent): LiveEvent {
  switch (event.name) {
    case 'incident.triggered':
    case 'incident.acknowledged':
    case 'incident.resolved': {
      const { incidentId, number } = event.payload;
      return { type: 'incident.changed', data: { incidentId, number, status: incidentStatusOf[event.name] } };
    }
    case 'incident.updated': {
      const { incidentId, number, status } = event.payload;
      return { type: 'incident.changed', data: { incidentId, number, status } };
    }
    case 'alert.changed': {
      const { alertId, serviceId, status } = event.payload;
      return { type: 'alert.changed', data: { alertId, serviceId, status } };
    }
    default: {
      const never: never = event;
      throw new Error(`unmapped domain event ${(never as DomainEvent).name}`);
    }
  }
}

/**
 * Events about the same thing replace each other while they wait to be sent: a client that
 * cannot keep up learns the latest status once instead of every step.
 */
export function coalesceKey(event: LiveEvent): string {
  switch (event.type) {
    case 'incident.changed':
      return `i:${event.data.incidentId}`;
    case 'alert.changed':
      return `a:${event.data.alertId}`;
    case 'resync':
      return 'resync';
    default: {
      const never: never = event;
      throw new Error(`unknown live event ${(never as LiveEvent).type}`);
    }
  }
}

/** One Server-Sent Events frame. JSON never contains a raw newline, so `data:` is one line. */
export function sseFrame(event: LiveEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
