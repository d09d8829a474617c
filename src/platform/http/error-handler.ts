/**
 * The one mapping from errors to HTTP (STYLE §5): DomainError → its status and body; schema and body-parse
 * failures → VALIDATION_FAILED with details.issues; anything else → 500 INTERNAL_ERROR with an opaque error id
 * (details go to the log only).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DomainError, validationFailed, type ValidationIssue } from '../errors.js';
import { newId } from '../ids.js';

function issuePath(context: string | undefined, instancePath: string | undefined): string {
  const rest = (instancePath ?? '').split('/').filter(Boolean).join('.');
  return [context, rest].filter(Boolean).join('.') || '(request)';
}

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
    // Body parse errors, unsupported media types, too-large bodies: the caller's input is at fault.
    return validationFailed([{ path: 'body', message: fe.message }]);
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
