/**
 * The test client's types, read from the served OpenAPI document: web/src/api/schema.d.ts is what
 * `npm run api:generate` writes from GET /api/v1/openapi.json (test/http/api-schema.test.ts fails when it is stale),
 * so the tests and the console read one contract.
 *
 * A URL is matched to a documented path segment-wise: the query string is stripped, a `{param}` of the document
 * matches one segment (a `${string}` or `${number}` hole of a template literal, or a literal without '/'), a literal
 * segment only itself; a path whose segments are all literal wins over one with parameters (`/users/me/messages`).
 * The cheap formulation (tsc stays fast over ~115 paths and ~1,300 calls): each documented path becomes a template
 * literal pattern once (`/api/v1/accounts/${string}/orders`), a URL is checked against the patterns of the method
 * and then against the segment count, which keeps `${string}` from eating a '/'. (Bucketing the paths by segment
 * count and first resource first was tried: more instantiations, not fewer.)
 */
import type { components, paths } from '../../web/src/api/schema.js';
import type { ValidationIssue } from '../../src/platform/errors.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Path = keyof paths;

/** The document's method name of an HTTP method. */
export type MethodOf<M extends 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'> = {
  GET: 'get';
  POST: 'post';
  PUT: 'put';
  PATCH: 'patch';
  DELETE: 'delete';
}[M];

/** The error envelope of docs/API.md. */
export type ApiError = components['schemas']['Error'];
export type ApiErrorObject = ApiError['error'];

/** An error's details as the tests read them: any field, and VALIDATION_FAILED's `issues` typed. */
export type ErrorDetails = ApiErrorObject['details'] & { readonly issues?: readonly ValidationIssue[] };
export type ErrorCode = ApiErrorObject['code'];

type Pattern<P extends string> = P extends `${infer H}{${string}}${infer R}` ? `${H}${string}${Pattern<R>}` : P;

type Count<S extends string, N extends unknown[] = []> = S extends `${string}/${infer R}`
  ? Count<R, [...N, 0]>
  : N['length'];

type StripQuery<U extends string> = U extends `${infer P}?${string}` ? P : U;

type Operation<P extends Path, M extends Method> = paths[P][M];

/** The paths that document method M. */
type PathsOf<M extends Method> = { [P in Path]: [Operation<P, M>] extends [undefined] ? never : P }[Path];

type Patterns<M extends Method> = { [P in PathsOf<M>]: Pattern<P> };
type Counts = { [P in Path]: Count<P> };

type Candidates<U extends string, M extends Method> = {
  [P in PathsOf<M>]: U extends Patterns<M>[P] ? (Count<U> extends Counts[P] ? P : never) : never;
}[PathsOf<M>];

type LiteralOnly<P> = P extends `${string}{${string}` ? never : P;

/** The documented path a URL of method M calls, or never. */
export type RouteOf<U extends string, M extends Method> = Extract<
  Candidates<StripQuery<U>, M> extends infer C ? ([LiteralOnly<C>] extends [never] ? C : LiteralOnly<C>) : never,
  Path
>;

type Json<C> = C extends { 'application/json': infer B } ? B : C extends Record<string, unknown> ? string : null;

type SuccessStatus = 200 | 201 | 202 | 204;

type Responses<P extends Path, M extends Method> =
  NonNullable<Operation<P, M>> extends { responses: infer R } ? R : never;

/** The documented JSON body of the route's 2xx responses (a download's text as a string; no content: null). */
export type SuccessBody<P extends Path, M extends Method> = {
  [S in keyof Responses<P, M> & SuccessStatus]: Responses<P, M>[S] extends { content: infer C }
    ? Json<C>
    : Responses<P, M>[S] extends { content?: never }
      ? null
      : never;
}[keyof Responses<P, M> & SuccessStatus];

/** The documented JSON request body (never where none is documented). */
export type RequestBody<P extends Path, M extends Method> =
  NonNullable<Operation<P, M>> extends { requestBody?: infer B }
    ? NonNullable<B> extends { content: { 'application/json': infer J } }
      ? J
      : never
    : never;

/**
 * A reply's body as the tests read it: the documented success body, with the error envelope's `error` beside it as
 * optional. Honest about what it is: a 2xx carries the success body and no `error`; a 4xx/5xx carries only
 * `{ error }` (docs/API.md), so reading a success field of a failed reply types but is undefined at run time.
 * `ok(res, status)` and `expectError(res, status, code)` (test/support/actors.ts, tickets.ts) check the status and
 * return the one or the other exactly.
 */
export type ReplyBody<S> = S & { readonly error?: Omit<ApiErrorObject, 'details'> & { details: ErrorDetails } };

export type Headers = Record<string, string>;

/** The arguments after the URL of a body-carrying call: the body may be left out where `{}` is a valid body. */
export type BodyArgs<B> = [B] extends [never]
  ? [body?: Record<string, never>, headers?: Headers]
  : Record<never, never> extends B
    ? [body?: B, headers?: Headers]
    : [body: B, headers?: Headers];

/** The type error a URL with no documented route of the method gets. */
export interface NoDocumentedRoute<M extends Method, U extends string> {
  readonly noDocumentedRoute: `${Uppercase<M>} ${U}`;
}

/** The URL parameter: U itself when a documented route matches, otherwise a type that names the problem. */
export type Checked<U extends string, M extends Method> = [RouteOf<U, M>] extends [never] ? NoDocumentedRoute<M, U> : U;

/** The request bodies tests build most often, by name. */
export type TicketInput = RequestBody<'/api/v1/tickets', 'post'>;
export type OrderInput = RequestBody<'/api/v1/accounts/{id}/orders', 'post'>;
export type QuoteInput = RequestBody<'/api/v1/accounts/{id}/quotes', 'post'>;
export type ServiceRequestInput = RequestBody<'/api/v1/service-requests', 'post'>;
