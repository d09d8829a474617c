/**
 * Issue 14: the test client's types hold — checked by `npm run typecheck` (each `@ts-expect-error` fails the
 * typecheck when its line stops being an error) and run here so the file is a test that can fail.
 */
import { describe, expect, it } from 'vitest';
import type { Api } from '../support/harness.js';
import type { RouteOf } from '../support/api-types.js';

/** Never called: its body is what tsc checks. */
async function typeChecks(api: Api, id: string): Promise<void> {
  // A documented route, its body and its reply.
  const order = await api.post(`/api/v1/accounts/${id}/orders`, { action: 'purchase', level: 'business' });
  const orderId: string = order.body.id;
  const code: string | undefined = order.body.error?.code;
  void [orderId, code];
  // @ts-expect-error — no route documents this URL
  await api.get('/api/v1/nowhere');
  // @ts-expect-error — a {param} is one segment: no documented path has these segments
  await api.get(`/api/v1/accounts/${id}/orders/${id}/extra`);
  // @ts-expect-error — the route documents no PATCH
  await api.patch(`/api/v1/orders/${id}/pay`, {});
  // @ts-expect-error — the body is not the documented one
  await api.post(`/api/v1/accounts/${id}/orders`, { action: 'buy' });
  // @ts-expect-error — a field the document does not declare
  void (await api.get(`/api/v1/orders/${id}`)).body.notAField;
  // The escapes: a refused body on a documented route, any URL with an unknown body.
  await api.unchecked.post(`/api/v1/accounts/${id}/orders`, { action: 'buy' });
  const raw = await api.raw.get('/metrics');
  // @ts-expect-error — a raw body is unknown until narrowed
  void raw.body.anything;
}

describe('typed test client', () => {
  it('routes resolve segment-wise, literal paths first, query strings stripped', () => {
    const literal: RouteOf<'/api/v1/users/me/messages?pageSize=100', 'get'> = '/api/v1/users/me/messages';
    const param: RouteOf<`/api/v1/users/${string}/api-keys`, 'get'> = '/api/v1/users/{id}/api-keys';
    expect([literal, param]).toEqual(['/api/v1/users/me/messages', '/api/v1/users/{id}/api-keys']);
    expect(typeof typeChecks).toBe('function');
  });
});
