/** Messages by key in either language, with {placeholders} filled in (plain functions, tested without a browser). */
import { enUS } from './en-US.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: Locale[] = ['zh-CN', 'en-US'];
export type Vars = Record<string, string | number | null | undefined>;
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  const text = DICTIONARIES[locale][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(vars[name] ?? ''));
}
