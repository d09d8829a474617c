/**
 * R-UI-2: the console's API types (web/src/api/schema.d.ts) are generated from the served OpenAPI document
 * (`npm run api:generate`); this fails when the committed file is stale, i.e. a route changed without regenerating.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCHEMA_PATH, generateApiSchema } from '../../scripts/api-generate.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe('generated console API types', () => {
  let t: TestApp;
  let doc: Record<string, any>;
  beforeAll(async () => {
    t = await startTestApp();
    doc = JSON.parse((await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body);
  });
  afterAll(async () => t?.close());

  it('web/src/api/schema.d.ts is what `npm run api:generate` makes from the served document', async () => {
    const generated = await generateApiSchema(doc);
    const committed = readFileSync(API_SCHEMA_PATH, 'utf8');
    // A mismatch means: run `npm run api:generate` and commit the file.
    expect(committed === generated, 'web/src/api/schema.d.ts is stale: run npm run api:generate').toBe(true);
    expect(generated).toContain('openTicket: {');
  });

  it('the staleness check sees a changed route (the check can fail)', async () => {
    const changed = structuredClone(doc);
    changed.paths['/api/v1/tickets'].post.summary = 'Something else';
    expect(await generateApiSchema(changed)).not.toBe(readFileSync(API_SCHEMA_PATH, 'utf8'));
  });

  it('catalog ids are plain strings and downloads are Blobs in the console types', async () => {
    const text = readFileSync(API_SCHEMA_PATH, 'utf8');
    expect(text).toMatch(/SeverityId: string;/);
    expect(text).toContain('"application/octet-stream": Blob;');
  });
});
