/**
 * One error type, one catalog of codes, one mapping to HTTP (docs/API.md "Errors").
 * A test fails when this table, the code list and docs/API.md's table differ.
 */

export const ERROR_CATALOG = {
  VALIDATION_FAILED: {
    status: 400,
    meaning: 'malformed or missing input; details.issues lists each field',
    fix: 'correct the listed fields',
    ref: 'API conventions',
  },
  UNAUTHENTICATED: {
    status: 401,
    meaning: 'no or bad token',
    fix: 'send Authorization: Bearer <admin token or API key>',
    ref: 'R-ACC-4',
  },
  SESSION_EXPIRED: {
    status: 401,
    meaning: 'the console session has expired or was signed out',
    fix: 'sign in again (POST /api/v1/sessions)',
    ref: 'R-UI-1',
  },
  FORBIDDEN: {
    status: 403,
    meaning: 'the caller may not do this',
    fix: 'use a key with the right role',
    ref: 'R-ACC-4, R-SUB-5a',
  },
  CSRF_FAILED: {
    status: 403,
    meaning: "a cookie-authenticated write without the session's X-CSRF-Token header",
    fix: 'send the csrfToken of the session in the X-CSRF-Token header',
    ref: 'R-UI-1',
  },
  NOT_FOUND: {
    status: 404,
    meaning: "no such thing visible to the caller (also another tenant's; checked before any other refusal)",
    fix: 'check the id',
    ref: 'R-ACC-4',
  },
  NOT_ENTITLED: {
    status: 403,
    meaning: "the account's level does not include this (details.entitlement)",
    fix: 'upgrade the plan',
    ref: 'R-CAT-3, R-TKT-2, R-TKT-4',
  },
  QUOTA_EXCEEDED: {
    status: 409,
    meaning: 'an allowance is used up (details.quota, limit, used)',
    fix: 'wait for the next period or buy an add-on',
    ref: 'R-CAT-4, R-SR-2, R-ACC-3',
  },
  ORDER_LOCKED: {
    status: 409,
    meaning: 'a used value-added service locks unsubscribe/downgrade',
    fix: 'wait until the locked term ends',
    ref: 'R-SUB-7',
  },
  PLAN_CONFLICT: {
    status: 409,
    meaning: 'e.g. the account already has a plan, or sharing is not allowed',
    fix: 'use the action named in details',
    ref: 'R-ACC-2, R-SUB-5a',
  },
  CHANGE_TOO_FREQUENT: {
    status: 409,
    meaning: "the provider's limit on level changes",
    fix: 'retry after details.nextAllowedAt',
    ref: 'R-SUB-4',
  },
  LEAD_TIME_TOO_SHORT: {
    status: 422,
    meaning: 'a service request starts too soon (details.earliestStart)',
    fix: 'start on or after details.earliestStart',
    ref: 'R-SR-3',
  },
  DURATION_NOT_ALLOWED: {
    status: 422,
    meaning: 'too long, or not whole days',
    fix: 'shorten the request',
    ref: 'R-SR-3',
  },
  AGREEMENT_REQUIRED: {
    status: 422,
    meaning: 'an order without agreementAccepted: true',
    fix: 'accept the service agreement',
    ref: 'R-SUB-2',
  },
  INVALID_STATE: {
    status: 409,
    meaning: "the object's state forbids the action",
    fix: 'reload the object and check its status',
    ref: 'R-SUB-2, R-TKT-1, R-SR-4',
  },
  EMAIL_TAKEN: {
    status: 409,
    meaning: 'the email already signs in another user',
    fix: 'use another email for this user',
    ref: 'R-UI-1',
  },
  LINK_INVALID: {
    status: 410,
    meaning: 'a one-time link that is unknown, used already or expired',
    fix: 'ask for a new link',
    ref: 'R-UI-1',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    meaning:
      'an Idempotency-Key reused with a different body, or for a response holding a secret, or a usage record id re-sent with other content',
    fix: 'use a new key (or record id) for a new request',
    ref: 'API conventions, R-BIL-1',
  },
  RATE_LIMITED: {
    status: 429,
    meaning: 'too many requests from one key (Retry-After header)',
    fix: 'retry after Retry-After seconds',
    ref: 'API conventions',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'a body sent without Content-Type: application/json',
    fix: 'send the body as JSON with the header Content-Type: application/json',
    ref: 'API conventions',
  },
  PAYMENT_REQUIRED: {
    status: 402,
    meaning: "a customer's order needs a payment: balance, or the provider's payment system",
    fix: 'pay with { "method": "balance" } or through the provider\'s payment system',
    ref: 'R-SUB-2',
  },
  INSUFFICIENT_BALANCE: {
    status: 409,
    meaning: 'the account balance does not cover the order (details.shortfall)',
    fix: 'top up the balance by details.shortfall or pay through the provider',
    ref: 'R-SUB-2',
  },
  PDF_UNAVAILABLE: {
    status: 503,
    meaning:
      'the PDF cannot be made on this server: Chromium is not installed (details.package, details.executablePath)',
    fix: 'install the package named in details (or set TIERDESK_CHROMIUM); the HTML report works without it',
    ref: 'R-RPT-2',
  },
  VOUCHER_NOT_APPLICABLE: {
    status: 409,
    meaning: 'the voucher cannot pay for this order (details.reason: used, expired or level)',
    fix: 'pay without it or name another voucher of the account',
    ref: 'R-SUB-2 (seed 004 §3.1)',
  },
  PAYMENTS_NOT_CONFIGURED: {
    status: 403,
    meaning: "the server has no TIERDESK_PAYMENT_SECRET: the provider's payment system cannot confirm payments",
    fix: 'set TIERDESK_PAYMENT_SECRET (a whsec_… secret shared with the payment system) and restart',
    ref: 'R-SUB-2',
  },
  PAYMENT_SIGNATURE_INVALID: {
    status: 401,
    meaning:
      'a payment callback without the webhook-id, webhook-timestamp and webhook-signature headers, or not signed with the payment secret',
    fix: 'sign the callback as a Standard Webhook with TIERDESK_PAYMENT_SECRET',
    ref: 'R-SUB-2',
  },
  PAYMENT_CALLBACK_STALE: {
    status: 401,
    meaning: "a payment callback whose webhook-timestamp is more than 5 minutes from the server's time",
    fix: 'send the callback with the current time and a new signature',
    ref: 'R-SUB-2',
  },
  PAYMENT_CALLBACK_REPLAYED: {
    status: 409,
    meaning: 'a payment callback whose webhook-id was processed already; the first one stands',
    fix: 'nothing to do; a new notification needs a new webhook-id',
    ref: 'R-SUB-2',
  },
  PAYMENT_MISMATCH: {
    status: 422,
    meaning:
      "a payment callback whose amount or currency is not the order's, or whose payment id paid or was credited for another order",
    fix: 'check the order (details.expected) and the payment',
    ref: 'R-SUB-2',
  },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'an unexpected failure; details.errorId finds it in the server log (Tierdesk extension)',
    fix: 'report the errorId',
    ref: 'API conventions',
  },
} as const satisfies Record<string, { status: number; meaning: string; fix: string; ref: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CATALOG[code].status;
}

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  UNAUTHENTICATED: 'A valid bearer token is required.',
  SESSION_EXPIRED: 'Your session has expired; sign in again.',
  FORBIDDEN: 'You may not do this.',
  CSRF_FAILED: 'This request needs the X-CSRF-Token header of your session.',
  NOT_FOUND: 'Not found.',
  NOT_ENTITLED: "The account's support plan does not include this.",
  QUOTA_EXCEEDED: 'The allowance is used up.',
  ORDER_LOCKED: 'The current order is locked by a value-added service.',
  PLAN_CONFLICT: 'This conflicts with the account’s plan.',
  CHANGE_TOO_FREQUENT: 'Level changes are limited.',
  LEAD_TIME_TOO_SHORT: 'The requested start is too soon.',
  DURATION_NOT_ALLOWED: 'The requested duration is not allowed.',
  AGREEMENT_REQUIRED: 'The service agreement must be accepted (agreementAccepted: true).',
  INVALID_STATE: 'The object’s state does not allow this.',
  EMAIL_TAKEN: 'This email already signs in another user.',
  LINK_INVALID: 'This link is not valid any more (used, expired or unknown); ask for a new one.',
  IDEMPOTENCY_CONFLICT: 'This Idempotency-Key was used with a different request.',
  RATE_LIMITED: 'Too many requests.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request body as JSON with the header Content-Type: application/json.',
  PAYMENT_REQUIRED: 'The order needs a payment.',
  INSUFFICIENT_BALANCE: 'The account balance does not cover the amount.',
  PDF_UNAVAILABLE: 'The PDF cannot be made on this server (Chromium is not installed); the HTML report works.',
  VOUCHER_NOT_APPLICABLE: 'The voucher cannot pay for this order.',
  PAYMENTS_NOT_CONFIGURED: 'Payment callbacks are not configured on this server (TIERDESK_PAYMENT_SECRET).',
  PAYMENT_SIGNATURE_INVALID: 'The payment callback is not signed with the payment secret.',
  PAYMENT_CALLBACK_STALE: 'The payment callback is too old or from the future (more than 5 minutes).',
  PAYMENT_CALLBACK_REPLAYED: 'This payment callback was processed already.',
  PAYMENT_MISMATCH: 'The payment does not match the order.',
  INTERNAL_ERROR: 'An unexpected error occurred.',
};

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, message?: string) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }

  toBody(): { error: { code: ErrorCode; message: string; details: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export function validationFailed(issues: ValidationIssue[], message?: string): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    { issues },
    message ?? issues.map((i) => `${i.path}: ${i.message}`).join('; '),
  );
}

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', { [what]: id }, `No ${what} ${id}.`);
