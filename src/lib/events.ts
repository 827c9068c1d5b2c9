/**
 * The one typed in-process bus for domain events (`incident.triggered`, `incident.resolved`, …).
 * Publish only after the transaction that made the change has committed: subscribers react to
 * facts, never to changes that may still roll back. Work that must not be lost (paging) is not
 * driven from here but from jobs enqueued in the same transaction; subscribers are for live
 * updates and other best-effort reactions. A failing subscriber never affects the publisher or
 * other subscribers.
 */
export interface DomainEvents {
  'incident.triggered': { incidentId: string; number: number; serviceId: string | null };
  'incident.acknowledged': { incidentId: string; number: number; by: string | null };
  'incident.resolved': { incidentId: string; number: number; by: string | null };
  'incident.updated': { incidentId: string; number: number; fields: string[]; status: string };
  'alert.changed': { alertId: string; serviceId: string; status: string };
}

export type DomainEventName = keyof DomainEvents;
export type DomainEvent = {
  [K in DomainEventName]: { name: K; payload: DomainEvents[K]; at: number };
}[DomainEventName];
type Listener = (event: DomainEvent) => void;

export class EventBus {
  readonly #listeners = new Set<Listener>();
  readonly #onError: (err: unknown, event: DomainEvent) => void;

  constructor(onError: (err: unknown, event: DomainEvent) => void = () => undefined) {
    this.#onError = onError;
  }

  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K], at: number = Date.now()): void {
    const event = { name, payload, at } as DomainEvent;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#onError(err, event);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Events gathered inside a transaction, published by the caller once it has committed. */
export class PendingEvents {
  readonly #events: { name: DomainEventName; payload: DomainEvents[DomainEventName] }[] = [];
  add<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.#events.push({ name, payload });
  }
  publishTo(bus: EventBus, at: number): void {
    for (const e of this.#events.splice(0)) bus.publish(e.name, e.payload as never, at);
  }
}
