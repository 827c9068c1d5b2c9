/**
 * The one fetch wrapper for Keel's API. It sends cookies (same origin), attaches the CSRF token
 * to every mutation, turns error bodies `{"error":{code,message,details}}` into ApiError, and
 * reports a lost session (401) so the app can go to the sign-in page.
 */
export interface Issue {
  path: (string | number)[];
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Validation issues from `details.issues`, or [] when the error has none. */
  get issues(): Issue[] {
    const d = this.details as { issues?: unknown } | null;
    if (!d || !Array.isArray(d.issues)) return [];
    return d.issues.filter(
      (i): i is Issue => typeof i === 'object' && i !== null && typeof (i as Issue).message === 'string',
    );
  }
}

/** Codes that answer 401 for a wrong secret, not for a missing session: these stay on the page. */
const credentialCodes = new Set(['invalid_credentials', 'invalid_totp']);
const mutating = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once by the app: what to do when a request finds the session gone. */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Let a 401 reach the caller without redirecting (e.g. the "who am I" probe). */
  quiet401?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (mutating.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Cannot reach the Keel server. Check your connection and try again.');
  }

  const data: unknown = res.status === 204 ? undefined : await readJson(res);
  if (res.ok) return data as T;

  const body = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
    ?.error;
  const error = new ApiError(
    res.status,
    body?.code ?? `http_${res.status}`,
    body?.message ?? `The server answered ${res.status} ${res.statusText}.`.trim(),
    body?.details ?? null,
  );
  if (res.status === 401 && !credentialCodes.has(error.code) && !options.quiet401) {
    csrfToken = null;
    onUnauthenticated?.();
  }
  throw error;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Builds `path?k=v` from the defined, non-empty values. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A user-facing sentence for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'rate_limited') return 'Too many attempts. Wait a minute and try again.';
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
