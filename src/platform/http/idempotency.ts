/**
 * Idempotency-Key on every creating POST (API conventions), stored in the database:
 * same caller + key + request → the first response replayed (header Idempotent-Replayed: true), nothing created;
 * same key with another request → 409 IDEMPOTENCY_CONFLICT. Server errors (5xx) are not kept, so a retry runs again.
 * A response that carries a secret shown once (route config `secretResponse`: API keys, session tokens) is never
 * stored: its row keeps the status and a NULL body as the marker, and a repeat answers 409 IDEMPOTENCY_CONFLICT
 * (issue 11: no secret in idempotency_keys.response_body, none handed out twice).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db.js';
import { DomainError, validationFailed } from '../errors.js';
import { idempotencyKeys } from '../store/tables.js';
import type { Clock } from '../clock.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { principal: string; key: string };
  }
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(req: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${stable(req.body)}`)
    .digest('hex');
}

export function installIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'POST') return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (key.length < 1 || key.length > 255)
      throw validationFailed([{ path: 'headers.idempotency-key', message: '1 to 255 characters' }]);
    const principal = req.principal;
    if (!principal) return;
    const hash = requestHash(req);
    const inserted = await deps.db
      .insert(idempotencyKeys)
      .values({
        principal: principal.id,
        key,
        tenantId: principal.tenantId,
        requestHash: hash,
        method: req.method,
        path: req.url,
        createdAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length) {
      req.idempotency = { principal: principal.id, key };
      return;
    }
    const [existing] = await deps.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.principal, principal.id), eq(idempotencyKeys.key, key)));
    if (!existing || existing.requestHash !== hash) {
      throw new DomainError(
        'IDEMPOTENCY_CONFLICT',
        { idempotencyKey: key },
        'This Idempotency-Key was already used with a different request.',
      );
    }
    if (existing.statusCode === null) {
      throw new DomainError(
        'IDEMPOTENCY_CONFLICT',
        { idempotencyKey: key, inProgress: true },
        'A request with this Idempotency-Key is still in progress.',
      );
    }
    if (existing.responseBody === null) {
      throw new DomainError(
        'IDEMPOTENCY_CONFLICT',
        { idempotencyKey: key, secretWithheld: true, firstStatus: existing.statusCode },
        'This request was already done with this Idempotency-Key; its response held a secret shown only once, so it is not repeated. List the objects to find what it created, or use a new key to create another.',
      );
    }
    void reply.header('idempotent-replayed', 'true');
    return reply
      .status(existing.statusCode)
      .type('application/json; charset=utf-8')
      .send(existing.responseBody ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (!claim) return payload;
    req.idempotency = undefined;
    const where = and(eq(idempotencyKeys.principal, claim.principal), eq(idempotencyKeys.key, claim.key));
    if (reply.statusCode >= 500) await deps.db.delete(idempotencyKeys).where(where);
    else if (req.routeOptions.config?.secretResponse === true && reply.statusCode < 300) {
      await deps.db.update(idempotencyKeys).set({ statusCode: reply.statusCode, responseBody: null }).where(where);
    } else {
      const body =
        typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : JSON.stringify(payload ?? null);
      await deps.db.update(idempotencyKeys).set({ statusCode: reply.statusCode, responseBody: body }).where(where);
    }
    return payload;
  });
}

/** Keys are kept 24 hours (like Stripe's), then purged by a sweep. */
export async function purgeIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - 24 * 3600_000);
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}
