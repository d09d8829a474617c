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

/**
 * Stores `value` under `key` unless a value is there already, and returns the one kept. Several processes starting
 * at once on one new database (issue 17) all keep the first one's generated secret, never each their own.
 */
export async function claimSetting<T>(db: Db, key: string, value: T): Promise<{ value: T; isOurs: boolean }> {
  const inserted = await db
    .insert(settings)
    .values({ key, value, updatedAt: new Date() })
    .onConflictDoNothing()
    .returning({ key: settings.key });
  if (inserted.length) return { value, isOurs: true };
  const kept = await getSetting<T>(db, key);
  if (kept === undefined) throw new Error(`setting ${key} vanished while it was claimed`);
  return { value: kept, isOurs: false };
}
