/**
 * The language control: named "Language"/"语言" with the choices "English" and "中文" (API.md console contract).
 * A native select (no antd): it is on the sign-in page too, whose chunk stays small, and every screen reader knows it.
 */
import { LOCALES, useI18n, type Locale } from '../i18n';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <select
      className="language-switch"
      aria-label={t('app.language')}
      value={locale}
      onChange={(e) => setLocale(e.target.value as Locale)}
    >
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {t(`lang.${l}`)}
        </option>
      ))}
    </select>
  );
}
