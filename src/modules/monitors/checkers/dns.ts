import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { type Checker, down, elapsedMs, errorText, shareSignal } from './checker.js';

/**
 * DNS: one query for a record type, at a chosen resolver (ip, ip:port, [ipv6]:port, or a named
 * public one) or the system's; up when there is an answer and, with `expected`, when one record
 * equals it (names compared without case or the trailing dot).
 */

export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
export type DnsRecordType = (typeof dnsRecordTypes)[number];

/** Named resolvers a user may pick instead of an address. */
export const knownResolvers: Readonly<Record<string, string>> = {
  cloudflare: '1.1.1.1',
  google: '8.8.8.8',
  quad9: '9.9.9.9',
};

export interface ResolverAddress {
  address: string;
  port: number;
}

/** "1.1.1.1", "1.1.1.1:5353", "[::1]:53", "::1" or a known name; else the reason it is refused. */
export function parseResolver(text: string): ResolverAddress | string {
  const value = text.trim();
  const named = knownResolvers[value.toLowerCase()];
  if (named) return { address: named, port: 53 };
  let address = value;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) {
    address = bracketed[1]!;
    portText = bracketed[2];
  } else if (isIP(value) === 0 && /^[^:]+:\d+$/.test(value)) {
    [address = '', portText] = value.split(':');
  }
  if (isIP(address) === 0) {
    return `unknown resolver "${value.slice(0, 100)}": use an IP address, ip:port, [ipv6]:port, or one of ${Object.keys(knownResolvers).join(', ')}`;
  }
  const port = portText === undefined ? 53 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return `resolver port must be 1–65535 (got ${portText})`;
  return { address, port };
}

const dnsName = z
  .string({ message: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(253, 'name is longer than 253 characters')
  .regex(/^[A-Za-z0-9_.-]+\.?$/, 'name must be a domain name like example.com (no scheme or path)');

export const dnsConfig = z.object({
  name: dnsName,
  recordType: z
    .enum(dnsRecordTypes, { message: `recordType must be one of ${dnsRecordTypes.join(', ')}` })
    .default('A'),
  resolver: z
    .string()
    .max(100)
    .superRefine((v, ctx) => {
      const parsed = parseResolver(v);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .optional(),
  expected: z.string().min(1).max(1024).optional(),
});
export type DnsConfig = z.infer<typeof dnsConfig>;

/** Each record as one comparable string: an address, a name, "10 mx.example.com", TXT joined. */
async function query(resolver: Resolver, name: string, type: DnsRecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((r) => `${r.priority} ${r.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    default: {
      const never: never = type;
      throw new Error(`unknown record type ${String(never)}`);
    }
  }
}

function normal(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

function matches(record: string, expected: string, type: DnsRecordType): boolean {
  if (type === 'TXT') return record === expected;
  if (type === 'AAAA' || type === 'A') return normal(record) === normal(expected) || sameIp(record, expected);
  // An MX matches "10 mx.example.com" or just "mx.example.com".
  if (type === 'MX')
    return normal(record) === normal(expected) || normal(record.split(' ')[1] ?? '') === normal(expected);
  return normal(record) === normal(expected);
}

function sameIp(a: string, b: string): boolean {
  // Compares IPv6 spellings ("2001:db8::1" and "2001:0db8:0:0:0:0:0:1") through URL normalisation.
  try {
    return (
      isIP(a) === 6 &&
      isIP(b) === 6 &&
      new URL(`http://[${a}]`).hostname === new URL(`http://[${b}]`).hostname
    );
  } catch {
    return false;
  }
}

function describeFailure(err: unknown, config: DnsConfig, server: string, timeoutMs: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTFOUND':
      return `${config.name} does not exist (NXDOMAIN at ${server})`;
    case 'ENODATA':
      return `no ${config.recordType} records for ${config.name}`;
    case 'ETIMEOUT':
      return `resolver ${server} did not answer within ${timeoutMs} ms`;
    case 'ECONNREFUSED':
      return `resolver ${server} refused the query`;
    case 'ESERVFAIL':
      return `resolver ${server} answered SERVFAIL for ${config.name}`;
    case 'EREFUSED':
      return `resolver ${server} refused to answer for ${config.name}`;
    case 'ECANCELLED':
      return 'check aborted';
    default:
      return errorText(err);
  }
}

export const dnsChecker: Checker<'dns', DnsConfig> = {
  type: 'dns',
  configSchema: dnsConfig,
  async check(config, ctx) {
    const started = performance.now();
    const resolver = new Resolver({ timeout: ctx.timeoutMs, tries: 1 });
    let server = 'the system resolver';
    if (config.resolver !== undefined) {
      const parsed = parseResolver(config.resolver);
      if (typeof parsed === 'string') return down(parsed);
      const refusal = ctx.targets.refusal(parsed.address);
      if (refusal !== null) return down(`resolver refused: ${refusal}`);
      server =
        isIP(parsed.address) === 6
          ? `[${parsed.address}]:${parsed.port}`
          : `${parsed.address}:${parsed.port}`;
      resolver.setServers([server]);
    }
    const onAbort = () => resolver.cancel();
    shareSignal(ctx.signal).addEventListener('abort', onAbort, { once: true });
    // c-ares' timeout is per attempt; this bounds the whole check too.
    const timer = setTimeout(onAbort, ctx.timeoutMs);
    let records: string[];
    try {
      records = await query(resolver, config.name, config.recordType);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const timedOut = code === 'ECANCELLED' && !ctx.signal.aborted;
      const message = timedOut
        ? `resolver ${server} did not answer within ${ctx.timeoutMs} ms`
        : describeFailure(err, config, server, ctx.timeoutMs);
      return down(message, elapsedMs(started));
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    }
    const latencyMs = elapsedMs(started);
    const shown = records.slice(0, 3).join(', ') + (records.length > 3 ? `, … (${records.length})` : '');
    if (records.length === 0) return down(`no ${config.recordType} records for ${config.name}`, latencyMs);
    if (
      config.expected !== undefined &&
      !records.some((r) => matches(r, config.expected!, config.recordType))
    ) {
      return down(`${config.recordType} ${config.name} is ${shown}, expected ${config.expected}`, latencyMs);
    }
    return { status: 'up', latencyMs, message: `${config.recordType} ${shown}` };
  },
};
