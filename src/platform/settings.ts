/** Server-wide settings kept with the data (admin token hash, signing secret, test clock, catalog binding). */
import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { settings } from './store/tables.js';

export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row ? (row.value as T) : undefined;
}

export async function setSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}
