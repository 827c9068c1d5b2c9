import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { parseCidr, type IpFamily } from '../../../lib/networks.js';

/**
 * Which addresses monitors may reach. Rules, first match wins:
 *  1. in KEEL_MONITOR_DENY_NETWORKS → refused;
 *  2. KEEL_MONITOR_ALLOW_NETWORKS set → allowed only when in it (so listing 169.254.0.0/16 there
 *     re-opens link-local targets on purpose);
 *  3. in the built-in denied networks (cloud metadata: 169.254.0.0/16, fd00:ec2::254) → refused;
 *  4. anything else, loopback and private networks included → allowed.
 * Names are resolved here and the checker connects to the address that was checked, so a name
 * cannot resolve to an allowed address for the check and a denied one for the connection.
 */

/** Link-local and cloud metadata endpoints (AWS, GCP, Azure, …), refused unless allowed on purpose. */
export const defaultDeniedNetworks: readonly string[] = ['169.254.0.0/16', 'fd00:ec2::254/128'];

export interface ResolvedTarget {
  address: string;
  family: IpFamily;
}

/** Resolves a host name to addresses, IPv4 first (production: the system resolver). */
export type HostLookup = (host: string) => Promise<ResolvedTarget[]>;

/** A target the policy refuses; its message says which network and why, for the result. */
export class TargetRefusedError extends Error {
  override name = 'TargetRefusedError';
}

export interface TargetPolicy {
  /** Null when allowed, else the reason ("169.254.169.254 is in a denied network (169.254.0.0/16)"). */
  refusal(address: string): string | null;
  /** Throws TargetRefusedError when the address is refused. */
  assertAllowed(address: string): void;
  /**
   * An IP literal is checked as is; a name is resolved and its first address checked. Throws
   * TargetRefusedError (refused) or the lookup's error (ENOTFOUND, …). Connect to the result.
   */
  resolve(host: string): Promise<ResolvedTarget>;
}

interface Network {
  cidr: string;
  list: BlockList;
}

function network(cidr: string): Network {
  const parsed = parseCidr(cidr);
  if (typeof parsed === 'string') throw new Error(parsed);
  const list = new BlockList();
  list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? 'ipv4' : 'ipv6');
  return { cidr, list };
}

/**
 * The address as the policy compares it: brackets dropped, an IPv4-mapped IPv6 address
 * (::ffff:169.254.169.254) as its IPv4 form, so it cannot slip past an IPv4 rule.
 */
export function normalizeAddress(address: string): { address: string; family: IpFamily } | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return null;
  if (family === 6) {
    const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped && isIP(mapped[1]!) === 4) return { address: mapped[1]!, family: 4 };
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1]!, 16);
      const lo = parseInt(hexMapped[2]!, 16);
      return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 4 };
    }
  }
  return { address: bare, family: family === 4 ? 4 : 6 };
}

const systemLookup: HostLookup = async (host) => {
  // verbatim: false puts IPv4 first, so "localhost" reaches a server listening on 127.0.0.1.
  const found = await dnsLookup(host, { all: true, verbatim: false });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * A lookup that remembers answers for `ttlMs` (getaddrinfo reports no TTL) and shares one
 * in-flight lookup per name: 10,000 monitors on a few names would otherwise queue hundreds of
 * lookups a second on libuv's four-thread pool, where one slow DNS answer delays every check.
 * Failures are remembered for at most 5 s. The policy still checks the cached address on every use.
 */
export function cachedLookup(
  lookup: HostLookup,
  ttlMs: number,
  now: () => number = () => performance.now(),
): HostLookup {
  const answers = new Map<string, { until: number; value: Promise<ResolvedTarget[]> }>();
  return (host) => {
    const key = host.toLowerCase();
    const hit = answers.get(key);
    if (hit && hit.until > now()) return hit.value;
    if (answers.size >= 10_000) answers.clear();
    const value = lookup(host);
    const entry = { until: now() + ttlMs, value };
    answers.set(key, entry);
    value.catch(() => {
      entry.until = Math.min(entry.until, now() + 5_000);
    });
    return value;
  };
}

export interface TargetPolicyOptions {
  allow?: readonly string[];
  deny?: readonly string[];
  /** Replaces the built-in denied networks (tests); default defaultDeniedNetworks. */
  builtInDeny?: readonly string[];
  lookup?: HostLookup;
}

export function createTargetPolicy(options: TargetPolicyOptions = {}): TargetPolicy {
  const allow = (options.allow ?? []).map(network);
  const deny = (options.deny ?? []).map(network);
  const builtIn = (options.builtInDeny ?? defaultDeniedNetworks).map(network);
  const lookup = options.lookup ?? cachedLookup(systemLookup, 30_000);
  const find = (nets: Network[], a: { address: string; family: IpFamily }) =>
    nets.find((n) => n.list.check(a.address, a.family === 4 ? 'ipv4' : 'ipv6'));

  // The policy never changes, and BlockList.check builds an object per call: decisions are
  // remembered per address (bounded), since the same few targets are checked all day.
  const decided = new Map<string, string | null>();
  const refusal = (address: string): string | null => {
    let reason = decided.get(address);
    if (reason === undefined) {
      reason = decide(address);
      if (decided.size >= 10_000) decided.clear();
      decided.set(address, reason);
    }
    return reason;
  };

  const decide = (address: string): string | null => {
    const a = normalizeAddress(address);
    if (!a) return `"${address}" is not an IP address`;
    const denied = find(deny, a);
    if (denied) return `${address} is in a denied network (${denied.cidr}, KEEL_MONITOR_DENY_NETWORKS)`;
    if (allow.length) {
      return find(allow, a) ? null : `${address} is not in KEEL_MONITOR_ALLOW_NETWORKS`;
    }
    const metadata = find(builtIn, a);
    if (metadata) return `${address} is in a denied network (${metadata.cidr}, link-local/metadata)`;
    return null;
  };

  return {
    refusal,
    assertAllowed(address) {
      const reason = refusal(address);
      if (reason !== null) throw new TargetRefusedError(`target refused: ${reason}`);
    },
    async resolve(host) {
      const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
      const family = isIP(bare);
      const target = family !== 0 ? { address: bare, family: family as IpFamily } : (await lookup(host))[0];
      if (!target) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
      const reason = refusal(target.address);
      if (reason !== null) {
        const via = family !== 0 ? '' : ` (${host} resolves to ${target.address})`;
        throw new TargetRefusedError(`target refused: ${reason}${via}`);
      }
      return target;
    },
  };
}

/** The policy configured by KEEL_MONITOR_ALLOW_NETWORKS / KEEL_MONITOR_DENY_NETWORKS. */
export function targetPolicyFromConfig(config: {
  monitorAllowNetworks: readonly string[];
  monitorDenyNetworks: readonly string[];
}): TargetPolicy {
  return createTargetPolicy({ allow: config.monitorAllowNetworks, deny: config.monitorDenyNetworks });
}
