import { Result } from 'antd';
import { useI18n } from '../i18n';

export function Component() {
  const { t } = useI18n();
  return <Result status="404" title={<h1>{t('common.notFound')}</h1>} subTitle={t('common.notFoundHint')} />;
}
