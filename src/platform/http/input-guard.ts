/**
 * The HTTP edge's one check of client input, before any route schema or use case sees it (issue 11):
 * - bodies are JSON only (`Content-Type: application/json`; anything else is 415 UNSUPPORTED_MEDIA_TYPE, mapped in
 *   error-handler.ts); an empty JSON body is no body;
 * - no body where a route takes one is the empty object, so a route whose fields are all optional accepts it and
 *   one with required fields names each (API conventions);
 * - every string and key of the path parameters, the query and the body is text PostgreSQL and JSON can hold: no
 *   NUL character, no lone UTF-16 surrogate; values nest at most MAX_DEPTH levels. Anything else is 400
 *   VALIDATION_FAILED naming each field, never a database error.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawRequestDefaultExpression } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import { validationFailed, type ValidationIssue } from '../errors.js';

export const MAX_DEPTH = 32;
/** In a `u` regex a surrogate pair is one code point: only an unpaired surrogate is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;
const MAX_ISSUES = 20;

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return null;
}

/** Every problem of one request part (`params`, `querystring`, `body`), by path; iterative (no stack to overflow). */
export function inputIssues(part: string, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: part, depth: 0 }];
  while (stack.length && issues.length < MAX_ISSUES) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ path, message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [key, child] of entries) {
      const keyProblem = textProblem(key);
      const childPath = `${path}.${keyProblem ? '(key)' : key}`;
      if (keyProblem) issues.push({ path: childPath, message: `a property name ${keyProblem}` });
      else stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return issues.reverse();
}

function hasBodySchema(req: FastifyRequest): boolean {
  return Boolean((req.routeOptions.schema as { body?: unknown } | undefined)?.body);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received (set by the JSON parser). */
    rawBody?: string;
  }
}

export function installInputGuard(app: FastifyInstance): void {
  // JSON is the only body (API conventions): every other media type, and a body without one, is 415.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    // The bytes as sent: a signed body (POST /payments/callback) is verified over them, not a re-serialisation.
    req.rawBody = body as string;
    if ((body as string).length === 0) done(null, undefined);
    else void parseJson(req, body as string, done);
  });

  app.addHook('preValidation', async (req) => {
    if ((req.body === undefined || req.body === null) && hasBodySchema(req)) req.body = {};
    const issues = [
      ...inputIssues('params', req.params),
      ...inputIssues('querystring', req.query),
      ...inputIssues('body', req.body),
    ];
    if (issues.length) throw validationFailed(issues);
  });
}

/** fastify's childLoggerFactory: the request's log lines carry the client's `x-request-id` as `clientRequestId`. */
export function clientRequestIdLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  opts: ChildLoggerOptions,
  raw: RawRequestDefaultExpression,
): FastifyBaseLogger {
  const sent = raw.headers['x-request-id'];
  const value = typeof sent === 'string' ? sent.slice(0, 200) : undefined;
  return logger.child(value ? { ...bindings, clientRequestId: value } : bindings, opts);
}
