/**
 * The catalogue of error codes Keel answers with. Every error a client sees has one of these
 * codes, in the body `{"error":{"code","message","details"}}`. Codes are stable: clients may
 * branch on them. docs/api.md lists them for people.
 */
export const errorCatalogue = {
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  validation_failed: { status: 400, message: 'The request is invalid.' },
  bad_request: { status: 400, message: 'The request cannot be processed.' },
  unauthenticated: { status: 401, message: 'Sign in or send a valid API key.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  invalid_totp: { status: 401, message: 'The two-factor code is wrong or expired.' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  csrf_failed: { status: 403, message: 'The CSRF token is missing or wrong. Reload the page and try again.' },
  insufficient_scope: { status: 403, message: 'This API key does not have the scope this needs.' },
  not_found: { status: 404, message: 'Not found.' },
  route_not_found: { status: 404, message: 'No such route.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  conflict: { status: 409, message: 'This conflicts with the current state.' },
  already_exists: { status: 409, message: 'This already exists.' },
  policy_loop: { status: 400, message: 'These escalation policies would hand incidents over in a loop.' },
  gone: { status: 410, message: 'This link has expired or was already used.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  rate_limited: { status: 429, message: 'Too many requests. Wait and try again.' },
  internal: { status: 500, message: 'Something went wrong on our side. It has been logged.' },
  unavailable: { status: 503, message: 'Keel is not ready.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown };
}

/** An error with a catalogue code. Services throw these; the HTTP layer maps them in one place. */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    details: unknown = null,
    headers: Record<string, string> = {},
  ) {
    super(message ?? errorCatalogue[code].message);
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
    this.headers = headers;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

export const notFound = (what: string, id?: string): AppError =>
  new AppError('not_found', `${what} not found.`, id === undefined ? null : { id });
