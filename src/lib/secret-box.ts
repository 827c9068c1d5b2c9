import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Keel's symmetric secrets: AES-256-GCM for values stored at rest (contact-method settings that
 * hold tokens and webhook URLs, webhook-subscription secrets) and HMAC-SHA256 for signed tokens
 * (acknowledge/resolve links). Both keys are derived from one master key (KEEL_SECRET_KEY, or
 * the key generated once and kept in the database), each for its own purpose, so a signature
 * never doubles as an encryption key.
 */
export class SecretBox {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: string) {
    if (masterKey.length < 32) throw new Error('the secret key must be at least 32 characters');
    this.#encKey = derive(masterKey, 'keel:encrypt:v1');
    this.#macKey = derive(masterKey, 'keel:sign:v1');
  }

  /** `v1.<base64url(iv ‖ tag ‖ ciphertext)>`; a fresh IV each time, so equal inputs differ. */
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
  }

  /** The plaintext; throws when the value was not sealed with this key or was altered. */
  open(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('not a sealed value');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    if (raw.length < 28) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** base64url HMAC-SHA256 of `data` with the signing key. */
  sign(data: string): string {
    return createHmac('sha256', this.#macKey).update(data).digest('base64url');
  }

  /** Constant-time check of a signature made by sign(). */
  verify(data: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(data));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function derive(master: string, purpose: string): Buffer {
  return createHash('sha256').update(purpose).update('\0').update(master).digest();
}

/** A new master key: 48 random bytes, base64url (64 characters). */
export function generateSecretKey(): string {
  return randomBytes(48).toString('base64url');
}
