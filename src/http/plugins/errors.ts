import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorCatalogue, type ErrorCode } from '../errors.js';

/** Fastify's own error codes, mapped onto the catalogue. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_INVALID_TYPE: 'bad_request',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

const byStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function send(reply: FastifyReply, err: AppError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
  return reply.code(err.status).type('application/json; charset=utf-8').send(err.toBody());
}

/** Turns any thrown error into the catalogue shape. 5xx are logged; no stack ever reaches a client. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const issues = error.validation.map((v) => ({
      in: where,
      path: v.instancePath.split('/').filter(Boolean),
      message: v.message ?? 'is invalid',
    }));
    const first = issues[0];
    const message = first
      ? `${[where, ...first.path].join('.')}: ${first.message}`
      : errorCatalogue.validation_failed.message;
    return new AppError('validation_failed', message, { issues });
  }
  const e = error as Partial<FastifyError> & { status?: number };
  const code =
    (e.code && fastifyCodes[e.code]) ??
    (e.statusCode && e.statusCode < 500 ? byStatus[e.statusCode] : undefined);
  if (code) {
    const message =
      code === 'malformed_json' ? errorCatalogue.malformed_json.message : errorCatalogue[code].message;
    return new AppError(code, message);
  }
  return new AppError('internal');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (appError.code === 'rate_limited' && !appError.headers['retry-after']) {
      const after = reply.getHeader('retry-after');
      if (after !== undefined) void reply.header('retry-after', after);
    }
    return send(reply, appError);
  });
}

export { send as sendError };
