import { isIP } from 'node:net';

/** IP networks written by people (configuration): "10.0.0.0/8", "fd00::/8", or one address. */

export type IpFamily = 4 | 6;

/** A CIDR ("10.0.0.0/8", "fd00::/8") or a single address, or the reason it is not one. */
export function parseCidr(text: string): { address: string; prefix: number; family: IpFamily } | string {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return `"${text}" is not a network (expected address/prefix)`;
  const ip = isIP(address);
  if (ip === 0) return `"${text}" is not a network: "${address}" is not an IP address`;
  const family: IpFamily = ip === 4 ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return `"${text}" is not a network: the prefix must be 0–${max}`;
  }
  return { address, prefix: Number(prefixText), family };
}

/**
 * A list of networks from configuration: separated by commas or spaces. Returns the CIDRs, or
 * the first bad entry's reason (the config schema shows it).
 */
export function parseNetworkList(text: string): string[] | string {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const parsed = parseCidr(entry);
    if (typeof parsed === 'string') return parsed;
  }
  return entries;
}
