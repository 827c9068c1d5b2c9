import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckContext } from './checker.js';
import { createTargetPolicy, type HostLookup } from './target-policy.js';

/**
 * A context whose targets are loopback only: any other address is refused, so a checker
 * reaching outside the test's own servers fails the test instead of leaving the machine.
 */
export function testContext(overrides: Partial<CheckContext> & { lookup?: HostLookup } = {}): CheckContext {
  const { lookup, ...rest } = overrides;
  return {
    timeoutMs: 2_000,
    signal: new AbortController().signal,
    now: () => Date.now(),
    targets: createTargetPolicy({ allow: ['127.0.0.0/8', '::1/128'], ...(lookup && { lookup }) }),
    ...rest,
  };
}

export interface TestCertificate {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate for the given names with chosen validity dates, made with the
 * openssl CLI (`openssl ca -selfsign` is the one that takes past dates).
 */
export function makeCertificate(options: {
  notBefore: Date;
  notAfter: Date;
  dns?: string[];
  ips?: string[];
}): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'keel-cert-'));
  try {
    const san = [
      ...(options.dns ?? ['localhost']).map((d) => `DNS:${d}`),
      ...(options.ips ?? ['127.0.0.1']).map((i) => `IP:${i}`),
    ];
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    writeFileSync(
      join(dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = d',
        '[d]',
        `database = ${join(dir, 'index.txt')}`,
        `new_certs_dir = ${dir}`,
        `serial = ${join(dir, 'serial')}`,
        'default_md = sha256',
        'policy = p',
        'copy_extensions = copy',
        'unique_subject = no',
        '[p]',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
    const opts = { cwd: dir, stdio: 'pipe' as const };
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'req.csr',
        '-subj',
        `/CN=${options.dns?.[0] ?? 'localhost'}`,
        '-addext',
        `subjectAltName=${san.join(',')}`,
      ],
      opts,
    );
    const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
    execFileSync(
      'openssl',
      [
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-selfsign',
        '-keyfile',
        'key.pem',
        '-in',
        'req.csr',
        '-out',
        'cert.pem',
        '-notext',
        '-startdate',
        stamp(options.notBefore),
        '-enddate',
        stamp(options.notAfter),
      ],
      opts,
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const dayMs = 86_400_000;
