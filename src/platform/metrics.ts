/**
 * Issue 17: GET /metrics in the Prometheus text format (prom-client). One registry per app (nothing is
 * process-global: two apps in one process count their own requests). Counters and histograms are this process's;
 * the gauges read the shared database when scraped (outbox depth and age, due-but-unswept SLA deadlines, the
 * scheduler's last tick), so any one process tells the state of the whole installation.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A gauge a module answers when scraped (the tickets module: deadlines past and not yet swept). */
export interface GaugeSource {
  /** The metric's full name, `tierdesk_…`. */
  readonly name: string;
  readonly help: string;
  collect(now: Date): Promise<number>;
}

export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly ticketsOpened: Counter<'level'>;

  constructor(opts: { processMetrics?: boolean } = {}) {
    // The process's own metrics (CPU, heap, event-loop lag) only for a real server: tests build many apps.
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'tierdesk_' });
    this.httpRequests = new Counter({
      name: 'tierdesk_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'tierdesk_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.ticketsOpened = new Counter({
      name: 'tierdesk_tickets_opened_total',
      help: 'Tickets opened through this process, by the level that served them',
      labelNames: ['level'],
      registers: [this.registry],
    });
  }

  /** A gauge read at each scrape; a failing read leaves the gauge out of that scrape and is logged by the caller. */
  gauge(name: string, help: string, read: (gauge: Gauge) => Promise<void>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        await read(this);
      },
    });
  }

  /** A gauge with labels, each label set read at each scrape. */
  labelledGauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (gauge: Gauge<L>) => Promise<void>,
  ): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await read(this);
      },
    });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
