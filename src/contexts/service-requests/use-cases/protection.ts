/**
 * R-TKT-3: while an approved event protection is in its window (start date through its last day, in the
 * customer's time zone), that account's tickets use the protection target — from the catalog's ticket effect
 * (Huawei urgent technical < 15 min, iSoftStone < 10 min; Tianyi 重保 level 1 every ticket urgent, level 2 one
 * severity up, level 3 nothing). Plugged into the tickets context as an SLA adjuster.
 */
import { localDateAt } from '../../../domain/calendar/index.js';
import { minutesOf, raiseSeverity } from '../../tickets/index.js';
import type { SlaAdjuster } from '../../tickets/index.js';
import { activeEventProtection } from '../store/service-request-store.js';

export const eventProtectionAdjuster: SlaAdjuster = async (db, { catalog, account, level, category, severity, at }) => {
  const service = catalog.service('event_protection');
  if (!service || !level.technical || !catalog.allowancesFor(level, 'event_protection').length) return null;
  const today = localDateAt(at.getTime(), account.timeZone);
  // Overlapping windows: the strongest protection wins, then the latest accepted (the store's order).
  const active = await activeEventProtection(db, account.id, today);
  if (!active) return null;
  const effect = active.protectionLevel
    ? service.protectionLevels?.find((p) => p.level === active.protectionLevel)?.ticketEffect
    : service.ticketEffect;
  if (!effect || effect.kind === 'none') return null;
  const source = {
    serviceRequestId: active.id,
    protectionLevel: active.protectionLevel,
    window: `${active.startDate}..${active.endDate}`,
  };
  const offered = catalog.def.severities.map((s) => s.id).filter((s) => s in level.technical!.targets);
  const lowest = offered[offered.length - 1]!;
  switch (effect.kind) {
    case 'target':
      if (category !== 'technical' || !severity || !effect.severities.includes(severity)) return null;
      return { targetMinutes: minutesOf(effect.target), reason: 'event_protection', source };
    case 'treat_as':
      return category === 'technical'
        ? { severity: effect.severity, reason: 'event_protection', source }
        : {
            targetMinutes: minutesOf(level.technical.targets[effect.severity] ?? level.nonTechnical.target),
            reason: 'event_protection',
            source,
          };
    case 'raise': {
      const raised = raiseSeverity(
        catalog,
        level,
        category === 'technical' && severity ? severity : lowest,
        effect.steps,
      );
      return category === 'technical'
        ? { severity: raised, reason: 'event_protection', source }
        : { targetMinutes: minutesOf(level.technical.targets[raised]!), reason: 'event_protection', source };
    }
  }
};
