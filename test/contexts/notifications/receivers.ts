/** Real local endpoints for the notification tests: an HTTP receiver (webhooks, SMS gateway) on 127.0.0.1:0. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Date.now() when it arrived. */
  readonly atMs: number;
}

export interface Receiver {
  url(path: string): string;
  /** The next answers for `path` (default 200); `hang` never answers. */
  script(path: string, answers: (number | 'hang')[]): void;
  at(path: string): Received[];
  readonly all: Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const all: Received[] = [];
  const scripts = new Map<string, (number | 'hang')[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      all.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() });
      const answer = scripts.get(path)?.shift() ?? 200;
      if (answer === 'hang') return;
      res.writeHead(
        answer,
        answer >= 300 && answer < 400 ? { location: '/elsewhere' } : { 'content-type': 'application/json' },
      );
      res.end(JSON.stringify({ ok: answer < 300, id: `gw-${all.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    script: (path, answers) => void scripts.set(path, [...answers]),
    at: (path) => all.filter((r) => r.path === path),
    all,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Verifies a delivery as a receiver would, written from the Standard Webhooks spec (not from Tierdesk's code):
 * HMAC-SHA256 keyed with the base64-decoded part of `whsec_…` over "${webhook-id}.${webhook-timestamp}.${body}",
 * compared with each space-separated `v1,<base64>` of webhook-signature; the timestamp within 5 minutes.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowMs = Date.now(),
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signature.split(' ').some((part) => {
    const [version, mac] = part.split(',');
    if (version !== 'v1' || !mac) return false;
    const given = Buffer.from(mac, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
