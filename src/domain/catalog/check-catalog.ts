/**
 * R-CAT-6: a catalog is validated on load and refused with the path and reason of every error, never half-loaded.
 * Shape errors come from zod; this file checks what a schema cannot: references between sections, orderings,
 * money precision, uniqueness.
 */
import { type z } from 'zod';
import { parseDecimal } from '../money/money.js';
import { ZCatalog, type TCatalog } from './catalog-schema.js';
import { checkAdvisorReferences } from './check-advisor.js';

export interface CatalogIssue {
  /** Dotted path into the catalog file, e.g. "levels.2.technical.targets.core_system_down". */
  readonly path: string;
  readonly message: string;
}

export type CatalogCheck = { ok: true; catalog: TCatalog } | { ok: false; issues: CatalogIssue[] };

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.') || '(root)';
}

export function checkCatalog(input: unknown): CatalogCheck {
  const parsed = ZCatalog.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })) };
  }
  const issues = checkCatalogReferences(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, catalog: parsed.data };
}

export function checkCatalogReferences(c: TCatalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const unique = (path: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) add(`${path}.${i}.id`, `duplicate id "${id}"`);
      seen.add(id);
    });
    return seen;
  };
  const regions = unique(
    'regions',
    c.regions.map((r) => r.id),
  );
  const channels = unique(
    'channels',
    c.channels.map((x) => x.id),
  );
  const severities = unique(
    'severities',
    c.severities.map((x) => x.id),
  );
  const handlers = unique(
    'handlers',
    c.handlers.map((x) => x.id),
  );
  const notifications = unique(
    'notificationChannels',
    c.notificationChannels.map((x) => x.id),
  );
  const features = unique(
    'features',
    c.features.map((x) => x.id),
  );
  const services = unique(
    'services',
    c.services.map((x) => x.id),
  );
  const levels = unique(
    'levels',
    c.levels.map((x) => x.id),
  );
  const addOns = unique(
    'addOns',
    c.addOns.map((x) => x.id),
  );
  unique(
    'unsubscribeReasons',
    c.unsubscribeReasons.map((x) => x.id),
  );
  const hours = new Set(Object.keys(c.serviceHours));

  const money = (path: string, value: string) => {
    const frac = value.split('.')[1] ?? '';
    if (frac.length > c.currency.minorUnits)
      add(path, `${c.currency.code} has ${c.currency.minorUnits} decimal places`);
  };
  const ref = (path: string, set: Set<string>, id: string, what: string) => {
    if (!set.has(id)) add(path, `unknown ${what} "${id}"`);
  };
  const entitlementKey = (path: string, key: string) => {
    const [kind, id] = key.includes(':') ? key.split(':', 2) : [key, undefined];
    if (kind === 'ticket_api' && id === undefined) return;
    const sets: Record<string, [Set<string>, string]> = {
      feature: [features, 'feature'],
      service: [services, 'service'],
      notification: [notifications, 'notification channel'],
      channel: [channels, 'channel'],
    };
    const target = sets[kind];
    if (!target || id === undefined)
      add(
        path,
        `entitlement "${key}" must be feature:<id>, service:<id>, notification:<id>, channel:<id> or ticket_api`,
      );
    else ref(path, target[0], id, target[1]);
  };

  Object.entries(c.serviceHours).forEach(([id, h]) => {
    if (h.kind === 'windows') {
      h.windows.forEach((w, i) => {
        if (w.from >= w.to) add(`serviceHours.${id}.windows.${i}`, `window ${w.from}-${w.to} must end after it starts`);
      });
    }
  });
  if (!hours.has('7x24')) add('serviceHours', 'a "7x24" service-hours entry is required');

  c.subscription.terms.forEach((t, i) => {
    if (t.min > t.max) add(`subscription.terms.${i}`, 'min must not exceed max');
  });
  money('subscription.handlingFee', c.subscription.handlingFee);

  c.services.forEach((s, i) => {
    const effects = [s.ticketEffect, ...(s.protectionLevels ?? []).map((p) => p.ticketEffect)];
    effects.forEach((e) => {
      if (e?.kind === 'target')
        e.severities.forEach((sev) => ref(`services.${i}.ticketEffect.severities`, severities, sev, 'severity'));
      if (e?.kind === 'treat_as') ref(`services.${i}.ticketEffect.severity`, severities, e.severity, 'severity');
    });
  });

  if (c.incidents) {
    ref('incidents.feature', features, c.incidents.feature, 'feature');
    c.incidents.notifications.forEach((n, j) =>
      ref(`incidents.notifications.${j}`, notifications, n, 'notification channel'),
    );
  }
  if (c.escalation.tamChannel) ref('escalation.tamChannel', channels, c.escalation.tamChannel, 'channel');
  if (c.escalation.expedite) ref('escalation.expedite.feature', features, c.escalation.expedite.feature, 'feature');
  if (c.advisor) checkAdvisorReferences(c.advisor, { features, services }, add);

  c.addOns.forEach((a, i) => {
    money(`addOns.${i}.price`, a.price);
    a.levels.forEach((l, j) => ref(`addOns.${i}.levels.${j}`, levels, l, 'level'));
  });

  const defaults = c.levels.filter((l) => l.isDefault);
  if (defaults.length > 1)
    add('levels', `at most one level may be the free default (found ${defaults.map((l) => l.id).join(', ')})`);
  const ranks = new Set<number>();
  c.levels.forEach((level, i) => {
    const p = `levels.${i}`;
    if (ranks.has(level.rank)) add(`${p}.rank`, `duplicate rank ${level.rank}`);
    ranks.add(level.rank);
    if (i > 0 && level.rank <= c.levels[i - 1]!.rank) add(`${p}.rank`, 'levels must be listed lowest rank first');
    if (level.isDefault && level.pricing.model !== 'free')
      add(`${p}.pricing`, 'the free default level must have pricing model "free"');
    if (level.purchasable && level.pricing.model === 'free') add(`${p}.pricing`, 'a purchasable level needs a price');
    if (level.shareable && !c.subscription.sharing) add(`${p}.shareable`, 'this catalog does not allow sharing');
    const pricing = level.pricing;
    if (pricing.model === 'fixed') money(`${p}.pricing.monthly`, pricing.monthly);
    if (pricing.model === 'base_plus_usage') {
      money(`${p}.pricing.baseMonthly`, pricing.baseMonthly);
      let previous = -1n;
      pricing.tiers.forEach((t, j) => {
        const last = j === pricing.tiers.length - 1;
        if (last && t.upTo !== undefined) add(`${p}.pricing.tiers.${j}.upTo`, 'the last tier is open-ended (no upTo)');
        if (!last && t.upTo === undefined) add(`${p}.pricing.tiers.${j}.upTo`, 'only the last tier may be open-ended');
        if (t.upTo !== undefined) {
          money(`${p}.pricing.tiers.${j}.upTo`, t.upTo);
          const v = parseDecimal(t.upTo);
          const scaled = (v.num * 10_000n) / v.den;
          if (scaled <= previous) add(`${p}.pricing.tiers.${j}.upTo`, 'tier bounds must increase');
          previous = scaled;
        }
      });
    }
    const channelHours = (path: string, list: { channel: string; hours: string }[]) =>
      list.forEach((ch, j) => {
        ref(`${path}.${j}.channel`, channels, ch.channel, 'channel');
        ref(`${path}.${j}.hours`, hours, ch.hours, 'service hours');
      });
    if (level.technical) {
      channelHours(`${p}.technical.channels`, level.technical.channels);
      ref(`${p}.technical.clock`, hours, level.technical.clock, 'service hours');
      Object.keys(level.technical.targets).forEach((sev) =>
        ref(`${p}.technical.targets.${sev}`, severities, sev, 'severity'),
      );
      if (Object.keys(level.technical.targets).length === 0)
        add(`${p}.technical.targets`, 'technical support needs at least one severity target');
    }
    channelHours(`${p}.nonTechnical.channels`, level.nonTechnical.channels);
    ref(`${p}.nonTechnical.clock`, hours, level.nonTechnical.clock, 'service hours');
    ref(`${p}.handler`, handlers, level.handler, 'handler');
    if (level.responder !== undefined) ref(`${p}.responder`, handlers, level.responder, 'handler');
    level.notifications.forEach((n, j) => ref(`${p}.notifications.${j}`, notifications, n, 'notification channel'));
    level.features.forEach((f, j) => ref(`${p}.features.${j}.id`, features, f.id, 'feature'));
    level.quotas.forEach((q, j) => {
      if (q.addOn) ref(`${p}.quotas.${j}.addOn`, addOns, q.addOn, 'add-on');
      if (!level.technical) add(`${p}.quotas.${j}`, 'a technical ticket quota needs technical support');
    });
    level.allowances.forEach((a, j) => {
      ref(`${p}.allowances.${j}.service`, services, a.service, 'service');
      const def = c.services.find((s) => s.id === a.service);
      const known = new Set((def?.protectionLevels ?? []).map((x) => String(x.level)));
      (a.protectionLevels ?? []).forEach((pl) => {
        if (!known.has(String(pl)))
          add(`${p}.allowances.${j}.protectionLevels`, `service "${a.service}" has no protection level ${pl}`);
      });
      Object.entries(a.perProtectionLevel ?? {}).forEach(([pl, cap]) => {
        if (!(a.protectionLevels ?? []).includes(Number(pl)))
          add(
            `${p}.allowances.${j}.perProtectionLevel.${pl}`,
            `protection level ${pl} is not in this allowance's protectionLevels`,
          );
        if (a.amount !== null && cap !== undefined && cap > a.amount)
          add(`${p}.allowances.${j}.perProtectionLevel.${pl}`, 'a sub-cap may not exceed the amount');
      });
      const scenarios = new Set((def?.scenarios ?? []).map((s) => s.id));
      [...(a.proactiveScenarios ?? []), ...(a.applicationScenarios ?? [])].forEach((s) =>
        ref(`${p}.allowances.${j}.scenarios`, scenarios, s, `scenario of ${a.service}`),
      );
      if (a.grants && a.amount !== null && Math.max(...a.grants.map((g) => g.amount)) > a.amount) {
        add(`${p}.allowances.${j}.grants`, 'a grant may not exceed the yearly amount');
      }
    });
    level.regionalExclusions.forEach((x, j) => {
      x.regions.forEach((r, k) => ref(`${p}.regionalExclusions.${j}.regions.${k}`, regions, r, 'region'));
      x.entitlements.forEach((e, k) => entitlementKey(`${p}.regionalExclusions.${j}.entitlements.${k}`, e));
    });
  });
  return issues;
}

/** Exposed so tests can build variations of a valid catalog. */
export const catalogSchema: z.ZodType<TCatalog> = ZCatalog;
