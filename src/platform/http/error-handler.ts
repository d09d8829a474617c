/**
 * The one mapping from errors to HTTP (STYLE §5): DomainError → its status and body; schema and body-parse
 * failures → VALIDATION_FAILED with details.issues; anything else → 500 INTERNAL_ERROR with an opaque error id
 * (details go to the log only).
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DomainError, validationFailed, type ValidationIssue } from '../errors.js';
import { newId } from '../ids.js';

/** fastify's maxParamLength (its default, kept): longer ids are VALIDATION_FAILED before routing. */
export const MAX_PARAM_LENGTH = 100;

function issuePath(context: string | undefined, instancePath: string | undefined): string {
  const rest = (instancePath ?? '').split('/').filter(Boolean).join('.');
  return [context, rest].filter(Boolean).join('.') || '(request)';
}

/** Fastify's own errors in the catalog's words (issue 11: no framework error shape reaches a client). */
const FRAMEWORK_ERRORS: Record<string, (e: FastifyError) => DomainError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      { header: 'Content-Type', expected: 'application/json' },
      'Send the request body as JSON with the header Content-Type: application/json.',
    ),
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    validationFailed([{ path: 'body', message: 'larger than the server accepts (TIERDESK_ATTACHMENT_MAX_BYTES × 2)' }]),
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    validationFailed([
      { path: 'body', message: 'not valid JSON (or it has a __proto__ or constructor.prototype key)' },
    ]),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => validationFailed([{ path: 'body', message: 'a JSON body is required' }]),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    validationFailed([{ path: 'headers.content-length', message: 'does not match the body' }]),
  FST_ERR_BAD_URL: () =>
    validationFailed([{ path: 'url', message: 'not a valid URL: a percent-escape that is not UTF-8 (e.g. %ff)' }]),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    validationFailed([{ path: 'params', message: `a path segment longer than ${MAX_PARAM_LENGTH} characters` }]),
};

export function toDomainError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  if (err instanceof ZodError) {
    return validationFailed(
      err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(value)', message: i.message })),
    );
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as { validationContext?: string }).validationContext;
    const issues: ValidationIssue[] = err.validation.map((v) => ({
      path: issuePath(context, v.instancePath),
      message: v.message ?? 'invalid',
    }));
    return validationFailed(issues);
  }
  const fe = err as FastifyError;
  if (fe && typeof fe === 'object' && typeof fe.code === 'string' && fe.code in FRAMEWORK_ERRORS)
    return FRAMEWORK_ERRORS[fe.code]!(fe);
  if (
    fe &&
    typeof fe === 'object' &&
    typeof fe.statusCode === 'number' &&
    fe.statusCode >= 400 &&
    fe.statusCode < 500
  ) {
    if (fe.statusCode === 404) return new DomainError('NOT_FOUND', {}, fe.message);
    if (fe.statusCode === 429) return new DomainError('RATE_LIMITED', {}, fe.message);
    if (fe.statusCode === 401) return new DomainError('UNAUTHENTICATED', {}, fe.message);
    // Any other client error of the framework: the caller's input is at fault.
    return validationFailed([{ path: '(request)', message: fe.message }]);
  }
  return null;
}

/** `fallback`: what answers a GET no route matched before the JSON 404 (the web console's files, app/console.ts). */
export function installErrorHandler(
  app: FastifyInstance,
  opts: { fallback?: (req: FastifyRequest, reply: FastifyReply) => boolean } = {},
): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const domain = toDomainError(err);
    if (domain) {
      if (domain.code === 'RATE_LIMITED' && domain.details.retryAfterSeconds !== undefined) {
        void reply.header('Retry-After', String(Number(domain.details.retryAfterSeconds)));
      }
      return reply.status(domain.status).send(domain.toBody());
    }
    const errorId = newId('err');
    req.log.error({ err, errorId }, 'unexpected error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.', details: { errorId } } });
  });
  app.setNotFoundHandler((req, reply) => {
    if (opts.fallback?.(req, reply)) return;
    void reply
      .status(404)
      .send(
        new DomainError('NOT_FOUND', { route: `${req.method} ${req.url.split('?')[0]}` }, 'No such route.').toBody(),
      );
  });
}

/**
 * The Fastify options that keep the framework's own answers in the catalog's shape: errors found before routing
 * (a bad percent-escape, a path segment over the length limit) and requests Node's HTTP parser refuses.
 */
export function frameworkErrorOptions() {
  return {
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const domain = toDomainError(err) ?? validationFailed([{ path: '(request)', message: err.message }]);
      void reply.status(domain.status).send(domain.toBody());
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const message =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? 'the request headers are larger than the server accepts'
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 'the request did not arrive in time'
            : 'not a valid HTTP request';
      const body = JSON.stringify(validationFailed([{ path: '(request)', message }]).toBody());
      if (socket.writable)
        socket.write(
          `HTTP/1.1 400 Bad Request\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
        );
      socket.destroy(err);
    },
  };
}
