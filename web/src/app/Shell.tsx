/** The signed-in console: antd's providers (its locale follows the language) around the frame (Layout). */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useI18n } from '../i18n';
import { Layout } from './Layout';

/**
 * Blue and red that keep 4.5:1 on white (danger buttons: antd's #ff4d4f is 3.3:1); secondary and hint texts dark
 * enough for WCAG AA (axe-core checks).
 */
const THEME = {
  token: {
    colorPrimary: '#1d4ed8',
    colorPrimaryHover: '#1e40af',
    colorPrimaryActive: '#1e3a8a',
    colorPrimaryTextHover: '#1e40af',
    colorError: '#c81e1e',
    colorLink: '#1d4ed8',
    colorLinkHover: '#1e40af',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.64)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.64)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.6)',
  },
};

export function Component() {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={THEME}
      // antd puts a space between two Chinese characters ("升 级"): the buttons' names are the contract's ("升级").
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Layout />
      </AntApp>
    </ConfigProvider>
  );
}
