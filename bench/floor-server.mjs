/**
 * The floor: a bare fastify route doing one INSERT on the same kind of database Tierdesk uses (PGlite in a data dir,
 * or PostgreSQL). Capabilities report their throughput as a ratio of this, measured in the same run.
 * Plain JavaScript so that its start-up and memory are a fair floor for the compiled server.
 * Usage: node bench/floor-server.mjs --data <dir> | --database-url <url>
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { data: { type: 'string' }, 'database-url': { type: 'string' } } });
let exec;
let close;
if (values['database-url']) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: values['database-url'], max: 10 });
  exec = (t, p) => pool.query(t, p);
  close = () => pool.end();
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(values.data, { postgresqlconf: ['shared_buffers=16MB'] });
  await db.waitReady;
  exec = (t, p) => db.query(t, p);
  close = () => db.close();
}
await exec(
  'CREATE TABLE IF NOT EXISTS floor_rows (id bigserial primary key, tenant_id text not null, body jsonb not null, created_at timestamptz not null)',
  [],
);
const app = Fastify();
app.post('/floor', async (req) => {
  await exec('INSERT INTO floor_rows (tenant_id, body, created_at) VALUES ($1, $2, now())', [
    't1',
    JSON.stringify(req.body ?? {}),
  ]);
  return { ok: true };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);
const stop = async () => {
  await app.close();
  await close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
