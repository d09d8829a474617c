/**
 * Reading replies: `ok` checks the status of a success and returns its body, `expectError` checks the error contract
 * of docs/API.md and returns the error's details. Both narrow what ReplyBody (test/support/api-types.ts) leaves
 * open: after `ok` the body is the documented success body, after `expectError` the error envelope is known.
 */
import type { ValidationIssue } from '../../src/platform/errors.js';
import type { ApiErrorObject, ErrorCode } from './api-types.js';
import type { Reply } from './harness.js';

/** Asserts the status (200 unless given) and returns the body. */
export function ok<T>(res: Reply<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The details of VALIDATION_FAILED: one issue per field (docs/API.md). */
export interface ValidationDetails {
  readonly [key: string]: unknown;
  readonly issues: ValidationIssue[];
}

/**
 * Asserts the error contract of API.md: the status, the code, a message and a details object (for
 * VALIDATION_FAILED, with its `issues` list).
 */
export function expectError(res: Reply<unknown>, status: number, code: 'VALIDATION_FAILED'): ValidationDetails;
export function expectError(res: Reply<unknown>, status: number, code: ErrorCode): ApiErrorObject['details'];
export function expectError(res: Reply<unknown>, status: number, code: ErrorCode): ApiErrorObject['details'] {
  const body = res.body;
  const e = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (res.status !== status || e?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  const keys = Object.keys(body as object).sort();
  if (keys.join(',') !== 'error') throw new Error(`error body has extra keys: ${keys.join(',')}`);
  if (Object.keys(e).sort().join(',') !== 'code,details,message')
    throw new Error(`error object keys: ${Object.keys(e).join(',')}`);
  if (typeof e.message !== 'string' || !e.message.length) throw new Error('error.message must be a sentence');
  if (!isRecord(e.details)) throw new Error('error.details must be an object');
  if (code === 'VALIDATION_FAILED' && !Array.isArray(e.details.issues))
    throw new Error('VALIDATION_FAILED details must list issues');
  return e.details;
}

/** The error object of a reply whose body is the error envelope, else undefined (for `unknown` bodies: `raw` calls). */
export function errorOf(res: Reply<unknown>): ApiErrorObject | undefined {
  const body = res.body;
  return isRecord(body) && isRecord(body.error) ? (body.error as ApiErrorObject) : undefined;
}
