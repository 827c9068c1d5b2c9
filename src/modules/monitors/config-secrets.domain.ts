/**
 * Secrets inside a monitor's config (HTTP auth password or token, header values such as
 * Authorization or Cookie) are never shown back: the API answers `redacted` in their place, and
 * an edit that sends `redacted` back keeps the stored value. Everyone signed in may read monitors;
 * only the people who set a secret knew it.
 */
export const redacted = '<redacted>';

const secretHeader =
  /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$|token|secret|key/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config as the API shows it. */
export function hideSecrets(config: Json): Json {
  const out: Json = { ...config };
  if (isObject(config.auth)) {
    const auth: Json = { ...config.auth };
    if (typeof auth.password === 'string' && auth.password !== '') auth.password = redacted;
    if (typeof auth.token === 'string') auth.token = redacted;
    out.auth = auth;
  }
  if (isObject(config.headers)) {
    out.headers = Object.fromEntries(
      Object.entries(config.headers).map(([k, v]) => [k, secretHeader.test(k) ? redacted : v]),
    );
  }
  return out;
}

/** An edited config with every `redacted` placeholder replaced by the stored value it stands for. */
export function keepSecrets(next: Json, stored: Json): Json {
  const out: Json = { ...next };
  if (isObject(next.auth) && isObject(stored.auth)) {
    const auth: Json = { ...next.auth };
    for (const k of ['password', 'token'])
      if (auth[k] === redacted && typeof stored.auth[k] === 'string') auth[k] = stored.auth[k];
    out.auth = auth;
  }
  if (isObject(next.headers) && isObject(stored.headers)) {
    const stored_ = stored.headers;
    out.headers = Object.fromEntries(
      Object.entries(next.headers).map(([k, v]) => [
        k,
        v === redacted && typeof stored_[k] === 'string' ? stored_[k] : v,
      ]),
    );
  }
  return out;
}
