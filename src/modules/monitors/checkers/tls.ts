import { isIP } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { z } from 'zod';
import { type CheckResult, type Checker, down, elapsedMs, errorText, shareSignal } from './checker.js';
import { monitorHost, monitorPort } from './common-schema.js';

/**
 * TLS certificate: a handshake with host:port, then the certificate judged against the injected
 * clock — expired or not yet valid: down; a name mismatch: down; an untrusted chain: down when
 * verifyChain; expiring within warnDays: warnStatus (degraded by default); else up.
 */
export const tlsConfig = z.object({
  host: monitorHost,
  port: monitorPort.default(443),
  /** The name sent (SNI) and checked against the certificate; default the host. */
  servername: z.string().min(1).max(253).optional(),
  warnDays: z.number().int().min(0).max(365, 'warnDays is at most 365').default(14),
  warnStatus: z
    .enum(['degraded', 'down'], { message: 'warnStatus must be "degraded" or "down"' })
    .default('degraded'),
  verifyChain: z.boolean().default(true),
});
export type TlsConfig = z.infer<typeof tlsConfig>;

const dayMs = 86_400_000;
// The clock is injected, so time validity is judged here, not by OpenSSL's reading of real time.
const timeErrors = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function plural(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** The certificate's names, for a mismatch message. */
function names(cert: PeerCertificate): string {
  return cert.subjectaltname || (cert.subject?.CN ? `CN=${String(cert.subject.CN)}` : 'none');
}

export function judgeCertificate(
  config: TlsConfig,
  cert: PeerCertificate,
  name: string,
  trust: { authorized: boolean; error: string | null },
  now: number,
  latencyMs: number,
): CheckResult {
  const expiresAt = Date.parse(cert.valid_to);
  const validFrom = Date.parse(cert.valid_from);
  if (Number.isNaN(expiresAt)) return down('certificate has no readable expiry', latencyMs);
  const result = (status: CheckResult['status'], message: string): CheckResult => ({
    status,
    latencyMs,
    message,
    certExpiresAt: expiresAt,
  });
  if (now >= expiresAt) {
    const ago = Math.floor((now - expiresAt) / dayMs);
    return result(
      'down',
      `certificate expired ${ago === 0 ? 'today' : `${plural(ago)} ago`} (${day(expiresAt)})`,
    );
  }
  if (!Number.isNaN(validFrom) && now < validFrom) {
    return result('down', `certificate not valid until ${day(validFrom)}`);
  }
  if (checkServerIdentity(name, cert) !== undefined) {
    return result('down', `hostname mismatch: ${name} is not in the certificate (${names(cert)})`);
  }
  if (config.verifyChain && !trust.authorized && trust.error && !timeErrors.has(trust.error)) {
    return result('down', `certificate not trusted: ${trust.error}`);
  }
  const daysLeft = Math.floor((expiresAt - now) / dayMs);
  if (daysLeft < config.warnDays) {
    return result(config.warnStatus, `certificate expires in ${plural(daysLeft)} (${day(expiresAt)})`);
  }
  return result('up', `certificate valid for ${plural(daysLeft)} (until ${day(expiresAt)})`);
}

export const tlsChecker: Checker<'tls', TlsConfig> = {
  type: 'tls',
  configSchema: tlsConfig,
  async check(config, ctx) {
    const started = performance.now();
    let target;
    try {
      target = await ctx.targets.resolve(config.host);
    } catch (err) {
      return down(errorText(err), elapsedMs(started));
    }
    const name = config.servername ?? config.host;
    return new Promise((resolve) => {
      const socket = connect({
        host: target.address,
        port: config.port,
        // SNI carries names only; an IP target is still checked against the certificate's IP SANs.
        ...(isIP(name) === 0 && { servername: name }),
        rejectUnauthorized: false,
      });
      let settled = false;
      const finish = (result: CheckResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(
        () => finish(down(`no TLS handshake within ${ctx.timeoutMs} ms`, elapsedMs(started))),
        ctx.timeoutMs,
      );
      const onAbort = () => finish(down('check aborted', elapsedMs(started)));
      if (ctx.signal.aborted) onAbort();
      else shareSignal(ctx.signal).addEventListener('abort', onAbort, { once: true });
      socket.once('secureConnect', () => {
        const latencyMs = elapsedMs(started);
        const cert = socket.getPeerCertificate();
        if (!cert || !cert.valid_to) {
          finish(down('the server sent no certificate', latencyMs));
          return;
        }
        const error = socket.authorizationError ? String(socket.authorizationError) : null;
        finish(
          judgeCertificate(
            config,
            cert,
            name,
            { authorized: socket.authorized, error },
            ctx.now(),
            latencyMs,
          ),
        );
      });
      socket.once('error', (err) => finish(down(errorText(err), elapsedMs(started))));
    });
  },
};
