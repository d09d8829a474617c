/**
 * A bounded context as the composition root sees it (ARCHITECTURE.md "Modules"). Each context's `index.ts` exports
 * `create<Ctx>Module(deps, ports)`: `deps` is what every context is given (platform/deps.ts), `ports` what it needs
 * from other modules (their `provides`), typed by the context that needs them. The root creates the modules in
 * dependency order and mounts the list; the server, the worker and the tests all mount the same way.
 */
import type { DataMigration } from './data-migrations.js';
import type { CommitListener } from './deps.js';
import type { App } from './http/app.js';
import type { InlineEffectHandler, OutboxDispatcher, OutboxTopicHandler } from './outbox.js';
import type { Scheduler, Sweep } from './scheduler.js';
import type { GaugeSource } from './metrics.js';

/** A module; `Provides` is what it offers other modules as ports (its `provides`), if anything. */
export type Module<Provides extends object | void = void> = ModuleParts &
  (Provides extends object ? { readonly provides: Provides } : { readonly provides?: undefined });

export interface ModuleParts {
  /** The context's name, e.g. `tickets`. */
  readonly name: string;
  /** Registers the context's HTTP routes (before the server is ready). */
  readonly routes?: (app: App) => void;
  /** Sweeps the scheduler runs (STYLE §7), in this order, after those of the modules before it. */
  readonly sweeps?: readonly Sweep[];
  /** Outbox topic → handler (or its batch form), dispatched after commit. */
  readonly outboxHandlers?: Readonly<Record<string, OutboxTopicHandler>>;
  /** Outbox topic → a database-only effect run inside the causing transaction when it is due at once. */
  readonly inlineEffects?: Readonly<Record<string, InlineEffectHandler>>;
  /** One-time data migrations (platform/data-migrations.ts), run at start in list order before any sweep or route. */
  readonly dataMigrations?: readonly DataMigration[];
  /** In-process caches dropped after every commit that may change them (platform/deps.ts inTransaction). */
  readonly readCaches?: readonly CommitListener[];
  /** What other modules are given as ports (e.g. the notifications module's `notifier`). */
  readonly provides?: object | undefined;
  /** Gauges GET /metrics reads from this context's tables when scraped (issue 17). */
  readonly gauges?: readonly GaugeSource[];
  /** Releases what the module holds (pooled connections) when the app closes. */
  readonly close?: () => Promise<void>;
}

/** What modules are mounted on: one app's dispatcher, scheduler, commit listeners and HTTP server. */
export interface ModuleHost {
  readonly outbox: OutboxDispatcher;
  readonly scheduler?: Scheduler;
  /** The app's read caches (the same array as its `deps.readCaches`). */
  readonly readCaches?: CommitListener[];
  /** Without one (a worker process) no routes are mounted. */
  readonly http?: App;
}

/** Mounts every module, in list order, on one app: outbox handlers, inline effects, read caches, sweeps, routes. */
export function mountModules(modules: readonly ModuleParts[], host: ModuleHost): void {
  for (const m of modules) {
    for (const [topic, handler] of Object.entries(m.outboxHandlers ?? {})) host.outbox.on(topic, handler);
    for (const [topic, handler] of Object.entries(m.inlineEffects ?? {})) host.outbox.inline(topic, handler);
    if (m.readCaches?.length) {
      if (!host.readCaches) throw new Error(`module ${m.name} has read caches and the app has no commit listeners`);
      host.readCaches.push(...m.readCaches);
    }
    for (const sweep of m.sweeps ?? []) {
      if (!host.scheduler) throw new Error(`module ${m.name} has sweeps and the app has no scheduler`);
      host.scheduler.register(sweep);
    }
    if (host.http) m.routes?.(host.http);
  }
}

/** Closes the modules in reverse order (a module may use those before it while it closes). */
export async function closeModules(modules: readonly ModuleParts[]): Promise<void> {
  for (const m of [...modules].reverse()) await m.close?.();
}
