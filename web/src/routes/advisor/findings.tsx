/** The account's findings: filters by dimension and status, texts in the console's language, exports. */
import { Space } from 'antd';
import { useSession } from '../../api/session';
import { AdvisorHeader, ExportLinks, FindingsTable } from './parts';

export function Component() {
  const accountId = useSession().data?.account?.id;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <AdvisorHeader />
      {accountId ? <ExportLinks accountId={accountId} /> : null}
      <FindingsTable accountId={accountId} />
    </Space>
  );
}
