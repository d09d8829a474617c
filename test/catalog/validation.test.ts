/**
 * R-CAT-6: a catalog is validated on load and refused with the path and reason of every error, never half-loaded.
 * Starts from the valid huaweicloud-intl catalog, breaks it one way at a time, and expects exactly the dotted path
 * of each error. Also loads the fictional fifth catalog (Acme Cloud) that later engine tests use to prove nothing is
 * vendor-specific.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkCatalog } from '../../src/domain/catalog/check-catalog.js';
import {
  CatalogInvalidError,
  loadCatalog,
  resolveCatalogPath,
} from '../../src/contexts/catalog/use-cases/load-catalog.js';

type Json = any;

const HUAWEI: Json = parse(readFileSync(resolveCatalogPath('huaweicloud-intl'), 'utf8'));
const CTYUN: Json = parse(readFileSync(resolveCatalogPath('ctyun'), 'utf8'));
const ACME_PATH = fileURLToPath(new URL('../fixtures/catalogs/acme.yaml', import.meta.url));

/** A deep copy of the valid catalog, changed by `mutate`. */
function broken(base: Json, mutate: (c: Json) => void): Json {
  const copy = structuredClone(base);
  mutate(copy);
  return copy;
}
function issuePaths(input: unknown): string[] {
  const result = checkCatalog(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues.map((i) => i.path).sort();
}
const levelIndex = (c: Json, id: string): number => c.levels.findIndex((l: Json) => l.id === id);

describe('R-CAT-6 the starting points are valid', () => {
  it('R-CAT-6 huaweicloud-intl.yaml as parsed passes checkCatalog', () => {
    const result = checkCatalog(structuredClone(HUAWEI));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('R-CAT-6 ctyun.yaml as parsed passes checkCatalog', () => {
    const result = checkCatalog(structuredClone(CTYUN));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});

describe('R-CAT-6 each error is reported with its exact path', () => {
  const ENT = levelIndex(HUAWEI, 'enterprise');
  const DEV = levelIndex(HUAWEI, 'developer');
  const BUS = levelIndex(HUAWEI, 'business');

  it('R-CAT-6 an unknown severity in targets', () => {
    const c = broken(HUAWEI, (x) => (x.levels[ENT].technical.targets.sev_x = 'PT1H'));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.technical.targets.sev_x`]);
    const r = checkCatalog(c);
    expect(r.ok ? '' : r.issues[0]!.message).toMatch(/unknown severity "sev_x"/);
  });

  it('R-CAT-6 R-NTF-1 a notification channel kind outside message_center, email, sms, phone, webhook', () => {
    const c = broken(HUAWEI, (x) => (x.notificationChannels[1].kind = 'pigeon'));
    expect(issuePaths(c)).toEqual(['notificationChannels.1.kind']);
    // A known kind is accepted on any id.
    const ok = checkCatalog(
      broken(HUAWEI, (x) =>
        x.notificationChannels.push({ id: 'pager', kind: 'sms', names: { 'zh-CN': '寻呼', 'en-US': 'Pager' } }),
      ),
    );
    expect(ok.ok ? [] : ok.issues).toEqual([]);
  });

  it('R-CAT-6 a duplicate level id', () => {
    const c = broken(HUAWEI, (x) => (x.levels[DEV].id = 'basic'));
    expect(issuePaths(c)).toEqual([`levels.${DEV}.id`]);
  });

  it('R-CAT-6 an unknown channel', () => {
    const c = broken(HUAWEI, (x) => (x.levels[BUS].technical.channels[0].channel = 'carrier_pigeon'));
    expect(issuePaths(c)).toEqual([`levels.${BUS}.technical.channels.0.channel`]);
  });

  it("R-CAT-6 a bad duration 'PT0M'", () => {
    const c = broken(HUAWEI, (x) => (x.levels[ENT].technical.targets.core_system_down = 'PT0M'));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.technical.targets.core_system_down`]);
  });

  it('R-CAT-6 money with 3 decimals for USD', () => {
    const c = broken(HUAWEI, (x) => (x.levels[DEV].pricing.monthly = '26.001'));
    expect(issuePaths(c)).toEqual([`levels.${DEV}.pricing.monthly`]);
    const r = checkCatalog(c);
    expect(r.ok ? '' : r.issues[0]!.message).toMatch(/USD has 2 decimal places/);
  });

  it('R-CAT-6 two default levels', () => {
    const c = broken(HUAWEI, (x) => {
      x.levels[DEV].isDefault = true;
      x.levels[DEV].purchasable = false;
      x.levels[DEV].pricing = { model: 'free' };
    });
    expect(issuePaths(c)).toEqual(['levels']);
    const r = checkCatalog(c);
    expect(r.ok ? '' : r.issues[0]!.message).toMatch(/basic, developer/);
  });

  it('R-CAT-6 an unknown region in exclusions', () => {
    const c = broken(HUAWEI, (x) => (x.levels[ENT].regionalExclusions[0].regions[1] = 'eu-atlantis'));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.regionalExclusions.0.regions.1`]);
  });

  it('R-CAT-6 the last tier with upTo', () => {
    const c = broken(HUAWEI, (x) => (x.levels[BUS].pricing.tiers[3].upTo = '500000.00'));
    expect(issuePaths(c)).toEqual([`levels.${BUS}.pricing.tiers.3.upTo`]);
  });

  it('R-CAT-6 an unknown entitlement key in exclusions', () => {
    const c = broken(HUAWEI, (x) => (x.levels[ENT].regionalExclusions[0].entitlements[0] = 'feature:free_lunch'));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.regionalExclusions.0.entitlements.0`]);
  });

  it('R-CAT-6 several shape errors are all reported at once', () => {
    const c = broken(HUAWEI, (x) => {
      x.levels[ENT].technical.targets.core_system_down = 'PT0M';
      x.currency.code = 'usd';
      delete x.levels[DEV].handler;
    });
    expect(issuePaths(c)).toEqual(
      ['currency.code', `levels.${DEV}.handler`, `levels.${ENT}.technical.targets.core_system_down`].sort(),
    );
  });

  it('R-CAT-6 several reference errors are all reported at once', () => {
    const c = broken(HUAWEI, (x) => {
      x.levels[DEV].id = 'basic';
      x.levels[BUS].technical.channels[0].channel = 'carrier_pigeon';
      x.levels[ENT].regionalExclusions[0].regions[0] = 'eu-atlantis';
    });
    expect(issuePaths(c)).toEqual(
      [
        `levels.${BUS}.technical.channels.0.channel`,
        `levels.${DEV}.id`,
        `levels.${ENT}.regionalExclusions.0.regions.0`,
      ].sort(),
    );
  });

  it('R-CAT-6 an unknown top-level key is refused (strict)', () => {
    const c = broken(HUAWEI, (x) => (x.discount = '0.5'));
    expect(issuePaths(c)).toEqual(['(root)']);
  });
});

describe('R-CAT-6 the schema additions are checked too', () => {
  const ENT = levelIndex(CTYUN, 'enterprise');

  it('R-CAT-6 an unknown responder', () => {
    const c = broken(CTYUN, (x) => (x.levels[ENT].responder = 'robot'));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.responder`]);
  });

  it('R-CAT-6 a protection-level sub-cap outside the allowance', () => {
    const c = broken(CTYUN, (x) => {
      const a = x.levels[ENT].allowances.find((y: Json) => y.service === 'event_protection');
      a.protectionLevels = [2, 3];
    });
    expect(issuePaths(c)).toEqual([`levels.${ENT}.allowances.0.perProtectionLevel.1`]);
  });

  it('R-CAT-6 a protection-level sub-cap above the amount', () => {
    const c = broken(CTYUN, (x) => (x.levels[ENT].allowances[0].perProtectionLevel = { '2': 5 }));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.allowances.0.perProtectionLevel.2`]);
  });

  it('R-CAT-6 a channel entry with an unknown key is refused', () => {
    const c = broken(CTYUN, (x) => (x.levels[ENT].technical.channels[0].priority = 1));
    expect(issuePaths(c)).toEqual([`levels.${ENT}.technical.channels.0`]);
  });
});

describe('R-CAT-6 loadCatalog refuses a bad file whole', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tierdesk-catalog-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('R-CAT-6 loadCatalog throws CatalogInvalidError listing every issue', async () => {
    const ENT = levelIndex(HUAWEI, 'enterprise');
    const c = broken(HUAWEI, (x) => {
      x.levels[ENT].technical.targets.core_system_down = 'PT0M';
      x.levels[ENT].technical.targets.production_down = 'soon';
    });
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(c));
    const err = await loadCatalog(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogInvalidError);
    expect((err as CatalogInvalidError).issues.map((i) => i.path).sort()).toEqual([
      `levels.${ENT}.technical.targets.core_system_down`,
      `levels.${ENT}.technical.targets.production_down`,
    ]);
  });

  it('R-CAT-6 a YAML syntax error or duplicate key is refused with path (file)', async () => {
    const file = join(dir, 'dup.yaml');
    await writeFile(file, 'id: a\nid: b\n');
    const err = await loadCatalog(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogInvalidError);
    expect((err as CatalogInvalidError).issues[0]!.path).toBe('(file)');
  });
});

describe('A fifth, fictional catalog (Acme Cloud) validates', () => {
  it('R-CAT-1 acme.yaml loads via loadCatalog(path) with its own ids', async () => {
    const c = await loadCatalog(ACME_PATH);
    expect(c.id).toBe('acme');
    expect(c.currency).toEqual({ code: 'EUR', minorUnits: 2 });
    expect(c.timeZone).toBe('Europe/Berlin');
    expect(c.levels.map((l) => l.id)).toEqual(['community', 'builder', 'mission_critical']);
    expect(c.def.severities.map((s) => s.id)).toEqual(['sev1', 'sev2', 'sev3']);
    expect(c.defaultLevel?.id).toBe('community');
    expect(c.monthlyFeeMinor(c.level('builder'))).toBe(4_900n);
    expect(c.monthlyFeeMinor(c.level('mission_critical'))).toBe(150_000n);
    expect(c.termAllowed({ unit: 'month', count: 12 })).toBe(true);
    expect(c.termAllowed({ unit: 'year', count: 3 })).toBe(false);
    expect([...c.exclusionsFor(c.level('mission_critical'), 'eu-ie-dub')].sort()).toEqual([
      'feature:monthly_report',
      'notification:pager',
    ]);
    expect(c.placeholders()).toEqual([]);
  });

  it('R-CAT-1 acme shares no level, severity or channel id with a Huawei-family catalog', async () => {
    const acme = await loadCatalog(ACME_PATH);
    const huawei = await loadCatalog('huaweicloud-intl');
    const ids = (c: typeof acme) =>
      new Set([...c.levels.map((l) => l.id), ...c.def.severities.map((s) => s.id), ...c.def.channels.map((x) => x.id)]);
    const shared = [...ids(acme)].filter((id) => ids(huawei).has(id));
    expect(shared).toEqual([]);
  });
});
