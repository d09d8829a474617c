/**
 * Service-baseline checks (the account's support posture), from facts the other contexts hold:
 * - `no_contacts`: no contact on file;
 * - `event_unprotected`: a declared major event starts within `lookaheadDays` of today (the account's date) and no
 *   request of `service` (not rejected or withdrawn) covers its first day;
 * - `review_missing`: the level has one of `levelFeatures` (a TAM) and no request of `services` completed within
 *   the last `withinDays`.
 */
import type { BaselineFacts, EffectiveRule, RawFinding } from '../types.js';

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

function finding(rule: EffectiveRule, subject: string, evidence: RawFinding['evidence']): RawFinding {
  return {
    ruleId: rule.rule.id,
    dimension: rule.rule.dimension,
    severity: rule.rule.severity,
    subject,
    resourceId: null,
    resourceIds: [],
    evidence,
  };
}

/** `today` is the account's local date (YYYY-MM-DD); `now` the run's instant. */
export function baselineFindings(rule: EffectiveRule, facts: BaselineFacts, today: string, now: Date): RawFinding[] {
  const check = rule.rule.check;
  switch (check.kind) {
    case 'no_contacts':
      return facts.contacts === 0 ? [finding(rule, 'account', { contacts: 0 })] : [];
    case 'event_unprotected': {
      const out: RawFinding[] = [];
      const live = facts.serviceRequests.filter((s) => s.service === check.service);
      for (const e of [...facts.events].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
        const days = daysBetween(today, e.start);
        if (days < 0 || days > check.lookaheadDays) continue;
        if (live.some((s) => s.start <= e.start && e.start <= s.end)) continue;
        out.push(finding(rule, `event:${e.id}`, { event: e.name, start: e.start, days }));
      }
      return out;
    }
    case 'review_missing': {
      if (!check.levelFeatures.some((f) => facts.levelFeatures.includes(f))) return [];
      const since = now.getTime() - check.withinDays * DAY_MS;
      const done = facts.serviceRequests
        .filter((s) => check.services.includes(s.service) && s.completedAt !== null)
        .map((s) => s.completedAt!.getTime());
      const last = done.length ? Math.max(...done) : null;
      if (last !== null && last >= since) return [];
      return [
        finding(rule, 'account', {
          withinDays: check.withinDays,
          lastReviewAt: last === null ? null : new Date(last).toISOString(),
        }),
      ];
    }
    default:
      return [];
  }
}
