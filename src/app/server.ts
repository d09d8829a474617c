/**
 * `tierdesk serve`: builds the app, listens, prints `listening on http://HOST:PORT` when ready and the admin token
 * when it was generated; shuts down cleanly on SIGTERM/SIGINT (connections drained, jobs stopped, database closed,
 * data-dir lock released).
 */
import type { Config } from '../platform/config.js';
import { buildApp, type Tierdesk } from './build-app.js';
import { seedDemoData } from './demo.js';

export interface RunningServer {
  readonly app: Tierdesk;
  readonly url: string;
  stop(): Promise<void>;
}

/** The port cannot be had (in use, or privileged): one line naming the flag and variable that choose another. */
export class PortInUseError extends Error {
  constructor(config: Pick<Config, 'host' | 'port'>, code: string) {
    super(
      code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use: choose another with --port <n> or TIERDESK_PORT`
        : `port ${config.port} on ${config.host} needs privileges: choose another with --port <n> or TIERDESK_PORT`,
    );
  }
}

function rotateCommand(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  return config.databaseUrl
    ? 'tierdesk admin-token --rotate --database-url <url>'
    : `stop the server, then tierdesk admin-token --rotate --data ${config.dataDir}`;
}

export async function startServer(
  config: Config,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<RunningServer> {
  const app = await buildApp(config, { processMetrics: true });
  try {
    if (config.demo && app.isNewDatabase) {
      const demo = await seedDemoData(app);
      out(`demo data: ${demo.accounts.length} accounts created`);
      for (const d of demo.accounts)
        out(
          `  ${d.level.padEnd(18)} ${d.accountId}  key ${d.token}  ${d.ticketApi ? 'ticket API: yes' : 'ticket API: no (console only)'}`,
        );
      out('console logins (email / password, shown once):');
      for (const l of [...demo.accounts.map((d) => d.login), ...demo.staff])
        out(`  ${l.who.padEnd(34)} ${l.email.padEnd(36)} ${l.password}`);
    }
    const address = await app.http.listen({ port: config.port, host: config.host }).catch((err: unknown) => {
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortInUseError(config, code);
      throw err;
    });
    const port = new URL(address).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    if (app.secrets.generatedAdminToken)
      out(`admin token (shown once, stored hashed): ${app.secrets.generatedAdminToken}`);
    else if (config.adminToken) out('admin token: from TIERDESK_ADMIN_TOKEN');
    else
      out(
        `admin token: generated at the first start and not shown again (stored hashed); a new one: ${rotateCommand(config)} (the old one stops working), or set TIERDESK_ADMIN_TOKEN`,
      );
    out(
      `catalog ${app.catalog.id} (${app.catalog.def.version}) on ${app.database.kind}${config.testClock ? `, test clock at ${app.clock.now().toISOString()}` : ''}`,
    );
    out(`listening on ${url}`);
    app.startJobs().catch((err) => app.log.error({ err }, 'job worker failed to start'));
    return { app, url, stop: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}
