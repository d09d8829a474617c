/** The language control: named "Language"/"语言" with the choices "English" and "中文" (API.md console contract). */
import { Select } from 'antd';
import { LOCALES, useI18n, type Locale } from '../i18n';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select<Locale>
      aria-label={t('app.language')}
      value={locale}
      onChange={setLocale}
      style={{ width: 110 }}
      options={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
    />
  );
}
