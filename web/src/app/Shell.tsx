/** The signed-in console: antd's providers (its locale follows the language) around the frame (Layout). */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useI18n } from '../i18n';
import { Layout } from './Layout';

export function Component() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <Layout />
      </AntApp>
    </ConfigProvider>
  );
}
