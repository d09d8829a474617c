/** The catalog context's public face: other contexts and the composition root import only this. */
export { createCatalogModule } from './module.js';
export { loadCatalog } from './use-cases/load-catalog.js';
export type { Catalog } from '../../domain/catalog/catalog.js';
export type { TCatalog, TLevel, TNames } from '../../domain/catalog/catalog-schema.js';
