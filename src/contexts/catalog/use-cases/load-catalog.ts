/**
 * Loads a catalog by shipped id or file path, parses YAML or JSON and validates it (R-CAT-6).
 * A bad catalog throws CatalogInvalidError with every issue; nothing is half-loaded.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { checkCatalog, type CatalogIssue } from '../../../domain/catalog/check-catalog.js';
import { Catalog } from '../../../domain/catalog/catalog.js';

export const SHIPPED_CATALOGS = ['huaweicloud-intl', 'huaweicloud-partner', 'isoftstone', 'ctyun'] as const;

export class CatalogInvalidError extends Error {
  constructor(
    readonly source: string,
    readonly issues: CatalogIssue[],
  ) {
    super(`catalog ${source} is invalid:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
}

/** The folder holding the shipped catalogs, found from this file in src/ or dist/. */
export function shippedCatalogDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'catalogs');
    if (existsSync(join(candidate, 'huaweicloud-intl.yaml'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('shipped catalogs folder not found');
}

export function resolveCatalogPath(idOrPath: string): string {
  if ((SHIPPED_CATALOGS as readonly string[]).includes(idOrPath)) return join(shippedCatalogDir(), `${idOrPath}.yaml`);
  return resolve(idOrPath);
}

export function parseCatalogText(text: string, source: string): unknown {
  try {
    return extname(source).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    throw new CatalogInvalidError(source, [{ path: '(file)', message: (err as Error).message.split('\n')[0]! }]);
  }
}

export async function loadCatalog(idOrPath: string): Promise<Catalog> {
  const path = resolveCatalogPath(idOrPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CatalogInvalidError(path, [
      { path: '(file)', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` },
    ]);
  }
  const checked = checkCatalog(parseCatalogText(text, path));
  if (!checked.ok) throw new CatalogInvalidError(path, checked.issues);
  return new Catalog(checked.catalog);
}
