/**
 * The checks every context's message table passes (issue 14): every message has a non-empty text in every locale the
 * catalogs can declare, the locales use the same placeholders, and every message has a rendered example (written out
 * by hand in the context's test, so a change of wording shows up as a failing case).
 */
import { describe, expect, it } from 'vitest';
import { LOCALES, type TNames } from '../../src/domain/catalog/catalog-schema.js';
import {
  placeholdersOf,
  render,
  type MessageParams,
  type MessageTable,
} from '../../src/domain/messages/message-table.js';

export type Examples<T extends MessageTable> = { readonly [K in keyof T & string]: [MessageParams<T, K>, TNames] };

export function checkMessageTable<T extends MessageTable>(name: string, table: T, examples: Examples<T>): void {
  describe(`${name} message table`, () => {
    const ids = Object.keys(table);

    it('has messages', () => expect(ids.length).toBeGreaterThan(0));

    it.each(ids)('%s has a text in every locale, with the same placeholders', (id) => {
      const texts = table[id]!;
      expect(Object.keys(texts).sort()).toEqual([...LOCALES].sort());
      for (const l of LOCALES) expect(texts[l].length).toBeGreaterThan(0);
      const first = placeholdersOf(texts[LOCALES[0]]);
      for (const l of LOCALES)
        expect({ locale: l, placeholders: placeholdersOf(texts[l]) }).toEqual({ locale: l, placeholders: first });
    });

    it.each(ids)('%s renders its example', (id) => {
      const example = (examples as Record<string, [MessageParams<T, string>, TNames] | undefined>)[id];
      expect(example, `an example for ${id}`).toBeDefined();
      const [params, expected] = example!;
      const rendered = (render as (t: T, k: string, p: unknown) => TNames)(table, id, params);
      expect(rendered).toEqual(expected);
      for (const l of LOCALES) expect(rendered[l]).not.toMatch(/\{[A-Za-z0-9_]+\}/);
    });
  });
}
