/**
 * Issue 17: W3C Trace Context (https://www.w3.org/TR/trace-context/) when an OpenTelemetry collector is configured
 * (OTEL_EXPORTER_OTLP_ENDPOINT). A request's `traceparent` is continued (its trace id, and a new span id for this
 * server's span), or a trace is started when none or an invalid one came; every log line of the request carries
 * `traceId` and `spanId` (`parentSpanId` when continued), and the response returns `traceparent` with this server's
 * span. No SDK: Tierdesk exports no spans itself — its logs, shipped to the collector (e.g. its filelog receiver),
 * join the traces of the proxies and clients around it (docs/SCALING.md "Trace ids in logs").
 */
import { randomBytes } from 'node:crypto';

export interface TraceContext {
  readonly traceId: string;
  /** This server's span for the request. */
  readonly spanId: string;
  /** The caller's span, when a valid traceparent came. */
  readonly parentSpanId: string | null;
  /** Trace flags (two hex digits): the caller's, or `01` (sampled: every request is logged) for a new trace. */
  readonly flags: string;
}

const HEX = /^[0-9a-f]+$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * The parts of a `traceparent` header, or null when it is not valid (§3.2: version 00 is exactly 55 characters;
 * a higher version is read by its first four fields if the fifth character after them is `-` or the end; version
 * ff, upper-case hex, an all-zero trace or parent id are invalid).
 */
export function parseTraceparent(
  header: string | string[] | undefined,
): { traceId: string; parentSpanId: string; flags: string } | null {
  // Several traceparent headers: the request is ambiguous (§3.2.1 asks to discard it).
  if (typeof header !== 'string') return null;
  const value = header.trim();
  if (value.length < 55) return null;
  const version = value.slice(0, 2);
  if (!HEX.test(version) || version === 'ff') return null;
  if (version === '00' ? value.length !== 55 : value.length > 55 && value[55] !== '-') return null;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return null;
  const traceId = value.slice(3, 35);
  const parentSpanId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!HEX.test(traceId) || !HEX.test(parentSpanId) || !HEX.test(flags)) return null;
  if (traceId === ZERO_TRACE || parentSpanId === ZERO_SPAN) return null;
  return { traceId, parentSpanId, flags };
}

function randomHex(bytes: number, zero: string): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (hex !== zero) return hex;
  }
}

/** The request's trace: continued from a valid `traceparent`, else a new one. */
export function traceContextOf(header: string | string[] | undefined): TraceContext {
  const parent = parseTraceparent(header);
  const spanId = randomHex(8, ZERO_SPAN);
  if (!parent) return { traceId: randomHex(16, ZERO_TRACE), spanId, parentSpanId: null, flags: '01' };
  // Only the sampled bit is defined in version 00; a higher version's other bits are not ours to pass on.
  const flags = (parseInt(parent.flags, 16) & 0x01).toString(16).padStart(2, '0');
  return { traceId: parent.traceId, spanId, parentSpanId: parent.parentSpanId, flags };
}

/** The `traceparent` this server answers (and would send on): version 00, this server's span. */
export function traceparentOf(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

/** The fields every log line of the request carries. */
export function traceLogFields(trace: TraceContext): Record<string, string> {
  return trace.parentSpanId
    ? { traceId: trace.traceId, spanId: trace.spanId, parentSpanId: trace.parentSpanId }
    : { traceId: trace.traceId, spanId: trace.spanId };
}
