/** The catalog module (platform/module.ts): the public catalog route. The catalog itself is loaded before any module. */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import { registerCatalogRoutes } from './http/routes.js';

export function createCatalogModule(deps: Deps): Module {
  return { name: 'catalog', routes: (app) => registerCatalogRoutes(app, deps) };
}
