/** Advisor test helpers: an integration key, inventories and hourly samples. */
import type { TestApp } from './harness.js';
import type { Actor } from './actors.js';

/** An integration user (R-OA ingest) with an API key. */
export async function createIntegration(t: TestApp, name = 'cloud-integration'): Promise<Actor> {
  const user = await t.api.post('/api/v1/users', { name, email: `${name}@provider.example`, role: 'integration' });
  if (user.status !== 201) throw new Error(`create integration: ${user.status} ${JSON.stringify(user.body)}`);
  const key = await t.api.post(`/api/v1/users/${user.body.id}/api-keys`, {});
  if (key.status !== 201) throw new Error(`create integration key: ${key.status} ${JSON.stringify(key.body)}`);
  return { userId: user.body.id, token: key.body.token };
}

export interface Res {
  id: string;
  type: string;
  zone?: string | null;
  name?: string;
  attributes?: Record<string, unknown>;
}

export const resource = (accountId: string, r: Res, observedAt: string) => ({
  region: 'ap-southeast-1',
  zone: 'ap-southeast-1a',
  ...r,
  accountId,
  observedAt,
});

/** `hours` hourly samples of one metric ending at `end` (the last one at `end`), each `value(i)`. */
export function hourly(
  resourceId: string,
  metric: string,
  end: string,
  hours: number,
  value: number | ((i: number) => number),
) {
  const endMs = Date.parse(end);
  return Array.from({ length: hours }, (_, i) => ({
    resourceId,
    metric,
    at: new Date(endMs - (hours - 1 - i) * 3_600_000).toISOString(),
    value: typeof value === 'number' ? value : value(i),
  }));
}

/** PATCH through inject() (the harness's client has no patch). */
export async function patch(t: TestApp, token: string, url: string, body: unknown) {
  const res = await t.app.http.inject({
    method: 'PATCH',
    url,
    payload: body as object,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}
