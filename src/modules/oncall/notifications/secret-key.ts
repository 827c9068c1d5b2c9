import type { Config } from '../../../config/config.js';
import type { Db } from '../../../db/database.js';
import { generateSecretKey, SecretBox } from '../../../lib/secret-box.js';

/**
 * The SecretBox for a database. KEEL_SECRET_KEY wins; without it a key is generated once and
 * stored in `secret_keys` (insert-if-absent, then read back), so every node on one PostgreSQL
 * database ends up with the same key whoever inserted first. Cached per root database handle.
 */
const cache = new WeakMap<object, Promise<SecretBox>>();

/** The box of the configured key, kept (deriving its two keys costs two hashes per use). */
let configured: { key: string; box: Promise<SecretBox> } | null = null;

export function secretBoxFor(db: Db, config: Pick<Config, 'secretKey'>): Promise<SecretBox> {
  if (config.secretKey) {
    if (configured?.key !== config.secretKey) {
      configured = { key: config.secretKey, box: Promise.resolve(new SecretBox(config.secretKey)) };
    }
    return configured.box;
  }
  let box = cache.get(db);
  if (!box) {
    box = loadStoredKey(db);
    box.catch(() => cache.delete(db));
    cache.set(db, box);
  }
  return box;
}

async function loadStoredKey(db: Db): Promise<SecretBox> {
  await db
    .insertInto('secret_keys')
    .values({ id: 'default', key: generateSecretKey(), created_at: Date.now() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db
    .selectFrom('secret_keys')
    .select('key')
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  return new SecretBox(row.key);
}

/**
 * The plaintext of a stored secret, or null when it cannot be decrypted (KEEL_SECRET_KEY was
 * changed since it was saved): the delivery then fails for good, saying so, instead of retrying.
 */
export function openSealed(box: SecretBox, sealed: string): string | null {
  try {
    return box.open(sealed);
  } catch {
    return null;
  }
}

export const undecryptable = {
  ok: false,
  retryable: false,
  latencyMs: 0,
  error: 'the stored settings cannot be decrypted (was KEEL_SECRET_KEY changed?); enter them again',
} as const;
