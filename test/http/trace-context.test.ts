/**
 * Issue 17: W3C Trace Context when an OpenTelemetry collector is set (OTEL_EXPORTER_OTLP_ENDPOINT): a request's
 * traceparent is continued or one is started, every log line of the request carries traceId/spanId, and the
 * response answers traceparent. Without a collector nothing of it appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTraceparent, traceContextOf } from '../../src/platform/http/trace-context.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { memoryLog } from '../support/memory-log.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

describe('traceparent parsing (W3C Trace Context §3.2)', () => {
  it.each([
    [`00-${TRACE}-${PARENT}-01`, { traceId: TRACE, parentSpanId: PARENT, flags: '01' }],
    [`00-${TRACE}-${PARENT}-00`, { traceId: TRACE, parentSpanId: PARENT, flags: '00' }],
    // A later version: its first four fields, whatever follows a dash.
    [`cc-${TRACE}-${PARENT}-09-what-comes-later`, { traceId: TRACE, parentSpanId: PARENT, flags: '09' }],
    [`cc-${TRACE}-${PARENT}-01`, { traceId: TRACE, parentSpanId: PARENT, flags: '01' }],
  ])('%s is read', (header, parts) => {
    expect(parseTraceparent(header)).toEqual(parts);
  });

  it.each([
    [`ff-${TRACE}-${PARENT}-01`, 'version ff'],
    [`00-${TRACE.toUpperCase()}-${PARENT}-01`, 'upper-case hex'],
    [`00-${'0'.repeat(32)}-${PARENT}-01`, 'an all-zero trace id'],
    [`00-${TRACE}-${'0'.repeat(16)}-01`, 'an all-zero parent id'],
    [`00-${TRACE}-${PARENT}-01-extra`, 'version 00 with more'],
    [`00-${TRACE}-${PARENT}-1`, 'short flags'],
    [`cc-${TRACE}-${PARENT}-01x`, 'a later version without a dash after the flags'],
    [`00_${TRACE}_${PARENT}_01`, 'other separators'],
    [`00-${TRACE.slice(1)}g-${PARENT}-01`, 'a non-hex digit'],
    ['', 'empty'],
  ])('%s is refused (%s)', (header) => {
    expect(parseTraceparent(header)).toBeNull();
  });

  it('two traceparent headers are refused; a new trace is started for them', () => {
    expect(parseTraceparent([`00-${TRACE}-${PARENT}-01`, `00-${TRACE}-${PARENT}-01`])).toBeNull();
    const t = traceContextOf(undefined);
    expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(t.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(t.parentSpanId).toBeNull();
    expect(traceContextOf(undefined).traceId).not.toBe(t.traceId);
    // Only the sampled bit is passed on.
    expect(traceContextOf(`cc-${TRACE}-${PARENT}-ff`).flags).toBe('01');
    expect(traceContextOf(`00-${TRACE}-${PARENT}-02`).flags).toBe('00');
  });
});

describe('trace ids in the logs and on the response, a collector set (inject)', () => {
  let t: TestApp;
  const log = memoryLog();
  beforeAll(async () => {
    t = await startTestApp({ config: { otelEndpoint: 'http://127.0.0.1:4318' }, logger: log.logger });
  });
  afterAll(async () => t?.close());

  const linesOf = (requestId: string) => log.lines.filter((l) => l.reqId === requestId);

  it('a valid traceparent is continued: the same trace, a new span of this server, in every line', async () => {
    const res = await t.api.get('/api/v1/accounts', { traceparent: `00-${TRACE}-${PARENT}-01` });
    expect(res.status).toBe(200);
    const m = TRACEPARENT.exec(String(res.headers.traceparent));
    expect(m, String(res.headers.traceparent)).not.toBeNull();
    expect(m![1]).toBe(TRACE);
    expect(m![2]).not.toBe(PARENT);
    expect(m![3]).toBe('01');
    const lines = linesOf(String(res.headers['x-request-id']));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatchObject({ traceId: TRACE, spanId: m![2], parentSpanId: PARENT });
  });

  it('without one (or with an invalid one) a trace is started; error answers carry it too', async () => {
    const sent: Record<string, string>[] = [{}, { traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` }];
    for (const headers of sent) {
      const res = await t.api.get('/api/v1/accounts/acc_nosuchaccount', headers);
      expect(res.status).toBe(404);
      const m = TRACEPARENT.exec(String(res.headers.traceparent));
      expect(m, String(res.headers.traceparent)).not.toBeNull();
      expect(m![1]).not.toBe('0'.repeat(32));
      expect(m![3]).toBe('01');
      const lines = linesOf(String(res.headers['x-request-id']));
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.traceId).toBe(m![1]);
        expect(l.spanId).toBe(m![2]);
        expect(l).not.toHaveProperty('parentSpanId');
      }
    }
    // Each request its own trace.
    const a = await t.api.get('/api/v1/accounts');
    const b = await t.api.get('/api/v1/accounts');
    expect(String(a.headers.traceparent).slice(3, 35)).not.toBe(String(b.headers.traceparent).slice(3, 35));
  });

  it('unauthenticated and unmatched requests too', async () => {
    const res = await t.as('not-a-token').raw.get('/api/v1/nowhere');
    expect(res.status).toBe(401);
    const trace = String(res.headers.traceparent).slice(3, 35);
    expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(linesOf(String(res.headers['x-request-id'])).every((l) => l.traceId === trace)).toBe(true);
  });
});

describe('no collector: no trace context', () => {
  let t: TestApp;
  const log = memoryLog();
  beforeAll(async () => {
    t = await startTestApp({ config: { otelEndpoint: null }, logger: log.logger });
  });
  afterAll(async () => t?.close());

  it('neither the header nor the log fields', async () => {
    const res = await t.api.get('/api/v1/accounts', { traceparent: `00-${TRACE}-${PARENT}-01` });
    expect(res.status).toBe(200);
    expect(res.headers.traceparent).toBeUndefined();
    const lines = log.lines.filter((l) => l.reqId === res.headers['x-request-id']);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toHaveProperty('traceId');
  });
});
