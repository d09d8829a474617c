/**
 * Issue 12: the TAM who serves an account — its own, else the TAM of the account whose plan it uses (a custody sub
 * on its master's plan, a Tianyi linked account) — with the name and contact the customer's plan page shows.
 */
import type { Db } from '../../../platform/db.js';
import { findAccount, findUser } from '../store/account-store.js';

export interface TamContact {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
}

export async function tamContactOf(
  db: Db,
  account: { tamUserId: string | null },
  planAccountId?: string | null,
): Promise<TamContact | null> {
  let tamId = account.tamUserId;
  if (!tamId && planAccountId) tamId = (await findAccount(db, planAccountId))?.tamUserId ?? null;
  if (!tamId) return null;
  const user = await findUser(db, tamId);
  if (!user || user.disabledAt) return null;
  return { userId: user.id, name: user.name, email: user.email };
}
