/**
 * Message tables (issue 14, R-NTF-1): a context's notice and mail texts, keyed by message id, one template per locale
 * the catalogs can declare (`LOCALES`). A template names its parameters as `{name}`; `render` fills them in for every
 * locale at once. A parameter's value is one string for all locales (a ticket number, a subject) or a text per locale
 * (a level's names, a status's words). The placeholders a message takes are typed from its templates, so a missing or
 * misspelt parameter does not compile; `test/domain/messages-*.test.ts` check that every message has every locale and
 * that the locales agree on the placeholders. Pure: no I/O.
 */
import { LOCALES, type Locale, type TNames } from '../catalog/catalog-schema.js';

/** One message: a template per locale. */
export type MessageTexts = { readonly [L in Locale]: string };

/** A context's messages by id. */
export type MessageTable = { readonly [id: string]: MessageTexts };

/** A table's message ids. */
export type MessageId<T extends MessageTable> = Extract<keyof T, string>;

/** The `{name}` placeholders of a template (a union of their names). */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** A parameter's value: the same in every locale, or one per locale. */
export type MessageValue = string | number | TNames;

/** The parameters message `K` of table `T` takes (every locale's placeholders). */
export type MessageParams<T extends MessageTable, K extends keyof T> = {
  readonly [P in Placeholders<T[K][Locale]>]: MessageValue;
};

/** Declares a table with its literal templates kept (so `render` can type the parameters). */
export function messageTable<const T extends MessageTable>(table: T): T {
  return table;
}

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

/** The placeholder names a template uses, sorted and without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

function valueIn(value: MessageValue, locale: Locale): string {
  return typeof value === 'object' ? value[locale] : String(value);
}

/** Message `id` in one locale. */
export function renderIn<T extends MessageTable, K extends keyof T & string>(
  table: T,
  id: K,
  locale: Locale,
  params: MessageParams<T, K>,
): string {
  const values = params as Readonly<Record<string, MessageValue>>;
  return table[id]![locale].replace(PLACEHOLDER, (hole, name: string) => {
    const value = values[name];
    return value === undefined ? hole : valueIn(value, locale);
  });
}

/** Message `id` in every locale. */
export function render<T extends MessageTable, K extends keyof T & string>(
  table: T,
  id: K,
  ...params: Placeholders<T[K][Locale]> extends never ? [] : [MessageParams<T, K>]
): TNames {
  const p = (params[0] ?? {}) as MessageParams<T, K>;
  return Object.fromEntries(LOCALES.map((l) => [l, renderIn(table, id, l, p)])) as TNames;
}

/** The same text in every locale (a subject line, a customer's own words). */
export function sameInEveryLocale(text: string): TNames {
  return Object.fromEntries(LOCALES.map((l) => [l, text])) as TNames;
}
