/**
 * Both console languages, complete (test/web/i18n.test.ts checks the keys), with the formats of the chosen locale
 * in the account's time zone. Catalog texts come from the catalog's own `names` (`named(names)`), never from here.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LOCALES, translate, type Locale, type Vars } from './translate';
import type { MessageKey } from './zh-CN';

export { LOCALES, translate, type Locale, type Vars };
const STORAGE_KEY = 'tierdesk.locale';

export type Names = { 'zh-CN': string; 'en-US': string };

export function initialLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored === 'zh-CN' || stored === 'en-US') return stored;
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** The account's time zone (the provider's until signed in). */
  timeZone: string;
  setTimeZone: (zone: string) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A catalog text in the current language. */
  named: (names: Names | null | undefined, fallback?: string) => string;
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [timeZone, setTimeZone] = useState<string>(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      timeZone,
      setTimeZone,
      t: (key, vars) => translate(locale, key, vars),
      named: (names, fallback = '') => names?.[locale] ?? fallback,
    }),
    [locale, setLocale, timeZone],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export type { MessageKey };
