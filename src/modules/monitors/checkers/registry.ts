import type { z } from 'zod';
import { type CheckContext, type CheckResult, type Checker, down, errorText } from './checker.js';
import { dnsChecker } from './dns.js';
import { httpChecker } from './http.js';
import { pingChecker } from './ping.js';
import { tcpChecker } from './tcp.js';
import { tlsChecker } from './tls.js';

/**
 * A checker as the engine sees it: config arrives as stored JSON (unknown) and is validated
 * here before the checker sees it; check() never throws (an invalid config or a bug is a down
 * result saying so).
 */
export interface RegisteredChecker<T extends string = string> {
  readonly type: T;
  readonly configSchema: z.ZodType;
  check(config: unknown, ctx: CheckContext): Promise<CheckResult>;
}

function register<T extends string, C>(checker: Checker<T, C>): RegisteredChecker<T> {
  // Parsed configs by stored object: an engine that keeps monitors in memory parses each once.
  const parsedByRaw = new WeakMap<object, C>();
  return {
    type: checker.type,
    configSchema: checker.configSchema,
    async check(config, ctx) {
      let parsed = typeof config === 'object' && config !== null ? parsedByRaw.get(config) : undefined;
      if (parsed === undefined) {
        const result = checker.configSchema.safeParse(config);
        if (!result.success) {
          // Field names only: zod's messages can quote values (tokens, passwords).
          const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || '(root)'))].join(
            ', ',
          );
          return down(`invalid ${checker.type} configuration: ${fields}`);
        }
        parsed = result.data;
        if (typeof config === 'object' && config !== null) parsedByRaw.set(config, parsed);
      }
      try {
        return await checker.check(parsed, ctx);
      } catch (err) {
        return down(`${checker.type} checker failed: ${errorText(err)}`);
      }
    },
  };
}

/**
 * Every monitor type with a checker, in the order a user picks from. Adding one is a new file
 * beside this one and one line here. Keyword, regex and JSON checks are options of http.
 * Heartbeat (push) monitors have no checker: nothing is called, the engine waits for pings.
 */
export const checkers = [
  register(httpChecker),
  register(tlsChecker),
  register(tcpChecker),
  register(dnsChecker),
  register(pingChecker),
] as const;

export type CheckerType = (typeof checkers)[number]['type'];

/** The types, for a zod enum on stored monitors. */
export const checkerTypes = checkers.map((c) => c.type) as [CheckerType, ...CheckerType[]];

const byType = new Map<string, RegisteredChecker<CheckerType>>(checkers.map((c) => [c.type, c]));

export function checkerFor(type: string): RegisteredChecker<CheckerType> | undefined {
  return byType.get(type);
}
