import type { ServiceSettings } from '../services/index.js';
import { currentOrNext, type Schedule } from './recurrence.domain.js';
import { evaluateRules, type CompiledRule, type RoutableAlert } from './routing.domain.js';
import { matchingSilence, silenceLabels, silenceName, type CompiledSilence } from './silences.domain.js';

/**
 * Everything the pipeline applies before dedup, held in memory per process (alert-rules.cache.ts)
 * and evaluated without touching the database: routing rules, then silences, then maintenance.
 */

export const suppressionKinds = ['rule', 'silence', 'maintenance'] as const;
export type SuppressionKind = (typeof suppressionKinds)[number];
export interface Suppression {
  kind: SuppressionKind;
  id: string;
  name: string;
}

/**
 * A maintenance window's schedule with a memo of its last answer: the answer holds until the
 * next boundary (the current occurrence's end, or the next one's start), so an event costs a
 * comparison, not a time-zone computation.
 */
export class WindowActivity {
  #from = 0;
  #until = -1;
  #active = false;

  constructor(
    readonly id: string,
    readonly title: string,
    readonly schedule: Schedule,
  ) {}

  activeAt(now: number): boolean {
    if (now >= this.#from && now < this.#until) return this.#active;
    const o = currentOrNext(this.schedule, now);
    if (!o) {
      [this.#from, this.#until, this.#active] = [now, Number.POSITIVE_INFINITY, false];
    } else if (o.startsAt <= now) {
      [this.#from, this.#until, this.#active] = [o.startsAt, o.endsAt, true];
    } else {
      [this.#from, this.#until, this.#active] = [now, o.startsAt, false];
    }
    return this.#active;
  }
}

export interface AlertRulesSnapshot {
  services: ReadonlyMap<string, { name: string; settings: ServiceSettings }>;
  /** Enabled global rules, in order. */
  global: readonly CompiledRule[];
  /** Enabled rules per service, in order. */
  byService: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Silences not yet expired when loaded. */
  silences: readonly CompiledSilence[];
  /** Maintenance windows not yet over when loaded, per service. */
  windows: ReadonlyMap<string, readonly WindowActivity[]>;
  /** Services some global rule routes to: where an acknowledge or resolve may find its alert. */
  rerouteTargets: ReadonlySet<string>;
}

export const emptySnapshot: AlertRulesSnapshot = Object.freeze({
  services: new Map(),
  global: [],
  byService: new Map(),
  silences: [],
  windows: new Map(),
  rerouteTargets: new Set<string>(),
});

export interface Verdict {
  alert: RoutableAlert;
  routedBy: { ruleId: string; name: string }[];
  suppression: Suppression | null;
}

/**
 * What happens to a trigger: global rules (which may route it to another service), then that
 * service's rules, then silences, then the service's maintenance windows. The first reason to
 * suppress wins, in that order.
 */
export function decide(snapshot: AlertRulesSnapshot, alert: RoutableAlert, now: number): Verdict {
  const ruled = evaluateRules(snapshot.global, { alert, routedBy: [], suppressedBy: null }, (id) =>
    snapshot.services.has(id),
  );
  const out = evaluateRules(snapshot.byService.get(ruled.alert.serviceId) ?? [], ruled, () => false);
  const a = out.alert;
  if (out.suppressedBy)
    return { alert: a, routedBy: out.routedBy, suppression: { kind: 'rule', ...out.suppressedBy } };
  if (snapshot.silences.length) {
    const labels = silenceLabels(a.labels, {
      service: snapshot.services.get(a.serviceId)?.name ?? '',
      severity: a.severity,
      source: a.source,
    });
    const s = matchingSilence(snapshot.silences, a.serviceId, labels, now);
    if (s)
      return {
        alert: a,
        routedBy: out.routedBy,
        suppression: { kind: 'silence', id: s.id, name: silenceName(s) },
      };
  }
  const w = snapshot.windows.get(a.serviceId)?.find((x) => x.activeAt(now));
  if (w)
    return {
      alert: a,
      routedBy: out.routedBy,
      suppression: { kind: 'maintenance', id: w.id, name: w.title },
    };
  return { alert: a, routedBy: out.routedBy, suppression: null };
}
