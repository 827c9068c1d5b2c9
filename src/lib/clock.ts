/**
 * The one source of "now". Everything that reads time takes a Clock, so tests move time
 * instead of sleeping. Times are epoch milliseconds throughout Keel.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  #now: number;
  constructor(start: number | string | Date = '2026-01-01T00:00:00Z') {
    this.#now = typeof start === 'number' ? start : new Date(start).getTime();
  }
  now(): number {
    return this.#now;
  }
  set(at: number | string | Date): void {
    this.#now = typeof at === 'number' ? at : new Date(at).getTime();
  }
  advance(ms: number): number {
    this.#now += ms;
    return this.#now;
  }
}
