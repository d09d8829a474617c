/**
 * R-ACC-4: who may handle a level's tickets. Catalog handler grades are listed lowest first; a support engineer
 * handles a level whose handler grade is at or below their own. Pure: the catalog's grades and the user's.
 */
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';

export function gradeCanHandle(
  catalog: Catalog,
  level: Pick<TLevel, 'handler'>,
  grade: string | null | undefined,
): boolean {
  const grades = catalog.def.handlers.map((h) => h.id);
  const own = grades.indexOf(grade ?? '');
  return own >= 0 && own >= grades.indexOf(level.handler);
}

export interface StaffCandidate {
  readonly id: string;
  readonly role: string;
  readonly grade: string | null;
  readonly tenantId: string | null;
  readonly disabledAt: Date | null;
}

/**
 * R-TKT-3: who hears of an SLA warning or breach on a ticket nobody owns (no assignee, no TAM): the duty group —
 * the active support engineers whose grade handles the level and, when there are none, the active provider admins.
 * Without a level (a catalog that no longer has it) every active support engineer handles it.
 */
export function dutyGroup(
  catalog: Catalog,
  level: Pick<TLevel, 'handler'> | null,
  staff: readonly StaffCandidate[],
): string[] {
  const active = staff.filter((u) => u.tenantId === null && !u.disabledAt);
  const engineers = active.filter(
    (u) => u.role === 'support_engineer' && (!level || gradeCanHandle(catalog, level, u.grade)),
  );
  const chosen = engineers.length ? engineers : active.filter((u) => u.role === 'provider_admin');
  return chosen.map((u) => u.id);
}
