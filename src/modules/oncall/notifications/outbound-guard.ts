import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Server-side request forgery guard for every outbound URL a person can set (contact methods,
 * webhook subscriptions): cloud metadata endpoints live on link-local addresses (169.254.0.0/16,
 * fe80::/10, AWS's fd00:ec2::254), which hand out credentials to whoever asks from inside. Those
 * are refused when the URL is saved and again when it is sent to (after resolving the name, so
 * a name pointing there is refused too). Loopback and private networks stay allowed: Keel is
 * self-hosted and often talks to services beside it (and tests use 127.0.0.1 listeners).
 */
export function isBlockedAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return address.startsWith('169.254.');
  if (kind === 6) {
    const a = address.toLowerCase();
    const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (dotted) {
      // An IPv4-mapped form written with a dotted tail (::ffff:169.254.169.254).
      const [x = 0, y = 0, z = 0, w = 0] = dotted[2]!.split('.').map(Number);
      return isBlockedAddress(`${dotted[1]}${((x << 8) | y).toString(16)}:${((z << 8) | w).toString(16)}`);
    }
    const full = expand(a);
    if (full.startsWith('0000:0000:0000:0000:0000:ffff:')) {
      const [hi = 0, lo = 0] = full
        .split(':')
        .slice(6)
        .map((g) => parseInt(g, 16));
      return isBlockedAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    if (/^fe[89ab][0-9a-f]:/.test(full)) return true;
    return full === 'fd00:0ec2:0000:0000:0000:0000:0000:0254';
  }
  return false;
}

/** The reason a URL is refused when saved, or null. Names are checked at send time. */
export function blockedUrlReason(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return isBlockedAddress(host) ? 'link-local (cloud metadata) addresses are not allowed' : null;
}

/** fetch that refuses link-local targets, by literal address or by what the name resolves to. */
export function guardedFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses = [host];
    if (!isIP(host)) {
      try {
        addresses = (await lookup(host, { all: true })).map((a) => a.address);
      } catch (err) {
        // As fetch reports a failed lookup: a network error, retried.
        throw new TypeError('fetch failed', { cause: err });
      }
    }
    // Not retried: the address will not stop being link-local.
    if (addresses.some(isBlockedAddress)) throw new Error('refused: link-local (cloud metadata) address');
    return inner(input, init);
  };
}

function expand(a: string): string {
  const [head = '', tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = a.includes('::') ? Array<string>(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((p) => p.padStart(4, '0')).join(':');
}
