/**
 * Configuration is parsed once at boot from flags and environment into a frozen, validated object (STYLE §8).
 * Every variable is listed in README.md. In production a missing secret fails fast; there is no default secret.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

export const ZConfig = z.strictObject({
  catalog: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .nullable(),
  testClock: z.boolean(),
  demo: z.boolean(),
  production: z.boolean(),
  adminToken: z.string().min(16, 'TIERDESK_ADMIN_TOKEN must be at least 16 characters').nullable(),
  /**
   * Issue 11: the Standard Webhooks secret (`whsec_` + base64 of 24–64 bytes) the provider's payment system signs
   * POST /api/v1/payments/callback with; null: callbacks are refused (PAYMENTS_NOT_CONFIGURED).
   */
  paymentSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'TIERDESK_PAYMENT_SECRET must be whsec_ + base64 of 24–64 bytes')
    .nullable(),
  /** Signs short-lived tokens (jose). Required in production; otherwise generated once and stored with the data. */
  secret: z.string().min(32, 'TIERDESK_SECRET must be at least 32 characters').nullable(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .nullable(),
  mailFrom: z.string().min(3),
  publicUrl: z.string().url().nullable(),
  /** R-NTF-1: the provider's SMS/phone gateway; Tierdesk POSTs each SMS/phone notification to it as JSON. */
  smsWebhookUrl: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL')
    .nullable(),
  /**
   * R-TKT-6: webhook endpoints may use http and loopback/private/link-local addresses (tests, local development).
   * Off by default: registration requires https and a public host, and each delivery refuses a host that resolves
   * to such an address (SSRF, DNS rebinding).
   */
  webhookAllowPrivate: z.boolean(),
  /** R-RPT-2: the Chromium that prints monthly reports to PDF (Debian's `chromium` package). */
  chromiumPath: z.string().min(1),
  /**
   * R-RPT-2: a monthly report's mail carries its PDF (the default). Off, the mail says where to read and download it
   * in the console and no PDF is printed at delivery (a provider whose mail relay refuses attachments; tests that
   * move the clock over many months without reading the PDFs).
   */
  reportMailPdf: z.boolean(),
  rateLimitPerMinute: z.number().int().min(0),
  attachmentMaxBytes: z.number().int().min(1),
  /** Run the job worker (pg-boss schedules, outbox dispatch) inside the server process. */
  worker: z.boolean(),
  /**
   * Issue 17: an outbox row a process claimed stays its own this long; if the process died, the next sweep of any
   * worker takes it again after that. A batch stops taking rows once half of its lease is used up.
   */
  outboxLeaseSeconds: z.number().int().min(2),
  /**
   * A server dispatches the outbox right after each commit (the default). Off (TIERDESK_OUTBOX_AFTER_COMMIT=0): it
   * only writes the rows and `tierdesk worker` processes deliver them (no webhook or mail time in API processes).
   */
  outboxAfterCommit: z.boolean(),
  /** `tierdesk worker`: how often it looks for due outbox rows (the sweeps tick every minute through pg-boss). */
  workerPollMs: z.number().int().min(50),
  /** GET /metrics without the admin token (TIERDESK_METRICS_PUBLIC=1, a scraper inside the provider's network). */
  metricsPublic: z.boolean(),
  /**
   * OpenTelemetry's collector (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): set, requests
   * take part in W3C Trace Context (platform/http/trace-context.ts) and their log lines carry traceId/spanId.
   */
  otelEndpoint: z.string().min(1).nullable(),
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For / X-Forwarded-Proto (fastify's trustProxy: true, a hop count,
   * or a comma-separated list of proxy addresses/CIDRs). Decides the client address the failure limits count and
   * whether the session cookie is Secure.
   */
  trustProxy: z.union([z.boolean(), z.number().int().min(1), z.string().min(1)]),
  /** Console sessions last this long from sign-in (R-UI-1). */
  sessionTtlHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** Failed authentications (bad tokens, wrong passwords) one client address may make per minute; 0 = no limit. */
  authFailuresPerMinute: z.number().int().min(0),
  /** OpenID Connect sign-in (R-UI-1); null issuer = off. */
  oidc: z
    .object({
      issuer: z.string().url(),
      /** What the sign-in page's button names ("Sign in with …"). */
      name: z.string().min(1),
      clientId: z.string().min(1, 'TIERDESK_OIDC_CLIENT_ID is required with TIERDESK_OIDC_ISSUER'),
      clientSecret: z.string().min(1).nullable(),
      /** Where the provider sends the browser back: `<public URL>/api/v1/sessions/oidc/callback`. */
      redirectUrl: z.string().url('TIERDESK_OIDC_REDIRECT_URL (or TIERDESK_PUBLIC_URL) must be a URL'),
      /** Scopes asked for (openid is always among them). */
      scopes: z.string().min(1),
      /** A claim naming the account (id) a new customer user is created in; null = only existing users sign in. */
      accountClaim: z.string().min(1).nullable(),
      /** A claim naming the new user's customer role (customer_owner | customer_member; default customer_member). */
      roleClaim: z.string().min(1).nullable(),
      /** Allow http issuers (a local test provider); never in production. */
      allowInsecure: z.boolean(),
    })
    .nullable(),
});
export type Config = Readonly<z.infer<typeof ZConfig>>;

export interface ServeFlags {
  catalog?: string;
  host?: string;
  port?: string;
  data?: string;
  'database-url'?: string;
  'test-clock'?: boolean;
  demo?: boolean;
  'no-worker'?: boolean;
}

export class ConfigError extends Error {}

function bool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be 1/true or 0/false, got "${value}"`);
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(1|true|yes|on|0|false|no|off)$/i.test(value)) return bool('TIERDESK_TRUST_PROXY', value, false);
  return value;
}

export const OIDC_CALLBACK_PATH = '/api/v1/sessions/oidc/callback';

function oidcConfig(env: NodeJS.ProcessEnv, production: boolean) {
  if (!env.TIERDESK_OIDC_ISSUER) return null;
  const publicUrl = env.TIERDESK_PUBLIC_URL?.replace(/\/+$/, '');
  let host = env.TIERDESK_OIDC_ISSUER;
  try {
    host = new URL(env.TIERDESK_OIDC_ISSUER).host;
  } catch {
    /* the schema says what is wrong with it */
  }
  return {
    issuer: env.TIERDESK_OIDC_ISSUER,
    name: env.TIERDESK_OIDC_NAME || host,
    clientId: env.TIERDESK_OIDC_CLIENT_ID ?? '',
    clientSecret: env.TIERDESK_OIDC_CLIENT_SECRET || null,
    redirectUrl: env.TIERDESK_OIDC_REDIRECT_URL || (publicUrl ? `${publicUrl}${OIDC_CALLBACK_PATH}` : ''),
    scopes: env.TIERDESK_OIDC_SCOPES || 'openid email profile',
    accountClaim: env.TIERDESK_OIDC_ACCOUNT_CLAIM || null,
    roleClaim: env.TIERDESK_OIDC_ROLE_CLAIM || null,
    allowInsecure: !production && env.TIERDESK_OIDC_ISSUER.startsWith('http://'),
  };
}

export function buildConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): Config {
  const production = env.NODE_ENV === 'production';
  const raw = {
    catalog: flags.catalog ?? env.TIERDESK_CATALOG ?? 'huaweicloud-intl',
    host: flags.host ?? env.TIERDESK_HOST ?? '127.0.0.1',
    port: int('--port', flags.port ?? env.TIERDESK_PORT, 8080),
    dataDir: resolve(flags.data ?? env.TIERDESK_DATA ?? './tierdesk-data'),
    databaseUrl: flags['database-url'] ?? env.TIERDESK_DATABASE_URL ?? null,
    testClock: flags['test-clock'] ?? false,
    demo: flags.demo ?? false,
    production,
    adminToken: env.TIERDESK_ADMIN_TOKEN || null,
    secret: env.TIERDESK_SECRET || null,
    paymentSecret: env.TIERDESK_PAYMENT_SECRET || null,
    logLevel: (env.TIERDESK_LOG_LEVEL ?? 'info') as Config['logLevel'],
    smtpUrl: env.TIERDESK_SMTP_URL || null,
    mailFrom: env.TIERDESK_MAIL_FROM ?? 'Tierdesk <no-reply@tierdesk.invalid>',
    publicUrl: env.TIERDESK_PUBLIC_URL || null,
    smsWebhookUrl: env.TIERDESK_SMS_WEBHOOK_URL || null,
    // A --test-clock server is never production: it lets tests point webhooks at a local receiver unless told otherwise.
    webhookAllowPrivate: bool(
      'TIERDESK_WEBHOOK_ALLOW_PRIVATE',
      env.TIERDESK_WEBHOOK_ALLOW_PRIVATE,
      flags['test-clock'] ?? false,
    ),
    chromiumPath: env.TIERDESK_CHROMIUM || '/usr/bin/chromium',
    reportMailPdf: bool('TIERDESK_REPORT_MAIL_PDF', env.TIERDESK_REPORT_MAIL_PDF, true),
    rateLimitPerMinute: int('TIERDESK_RATE_LIMIT_PER_MINUTE', env.TIERDESK_RATE_LIMIT_PER_MINUTE, 6000),
    attachmentMaxBytes: int('TIERDESK_ATTACHMENT_MAX_BYTES', env.TIERDESK_ATTACHMENT_MAX_BYTES, 10 * 1024 * 1024),
    worker: !(flags['no-worker'] ?? false),
    outboxLeaseSeconds: int('TIERDESK_OUTBOX_LEASE_SECONDS', env.TIERDESK_OUTBOX_LEASE_SECONDS, 300),
    outboxAfterCommit: bool('TIERDESK_OUTBOX_AFTER_COMMIT', env.TIERDESK_OUTBOX_AFTER_COMMIT, true),
    workerPollMs: int('TIERDESK_WORKER_POLL_MS', env.TIERDESK_WORKER_POLL_MS, 1000),
    metricsPublic: bool('TIERDESK_METRICS_PUBLIC', env.TIERDESK_METRICS_PUBLIC, false),
    otelEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || null,
    trustProxy: trustProxy(env.TIERDESK_TRUST_PROXY),
    sessionTtlHours: int('TIERDESK_SESSION_TTL_HOURS', env.TIERDESK_SESSION_TTL_HOURS, 12),
    authFailuresPerMinute: int('TIERDESK_AUTH_FAILURES_PER_MINUTE', env.TIERDESK_AUTH_FAILURES_PER_MINUTE, 30),
    oidc: oidcConfig(env, production),
  };
  const parsed = ZConfig.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  if (production && !parsed.data.secret) throw new ConfigError('TIERDESK_SECRET is required when NODE_ENV=production');
  if (production && parsed.data.testClock) throw new ConfigError('--test-clock is refused when NODE_ENV=production');
  return Object.freeze(parsed.data);
}

/** A config for tests and embedding, with explicit overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Failure limits per address are off: tests send many bad tokens from 127.0.0.1 (the limit's own test sets it).
  return Object.freeze({
    ...buildConfig({}, {}),
    logLevel: 'silent',
    worker: false,
    authFailuresPerMinute: 0,
    ...overrides,
  });
}
