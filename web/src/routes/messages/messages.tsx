/** The message center, newest first, with the unread count; mark read / unread. */
import { Button, Checkbox, Pagination, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMarkRead, useMessages } from '../../api/messages';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';
import { ItemList } from '../../ui/ItemList';

export function Component() {
  const { t, named } = useI18n();
  const accountId = useSession().data?.account?.id;
  const [page, setPage] = useState(1);
  const [unread, setUnread] = useState(false);
  const messages = useMessages(accountId, page, unread);
  const mark = useMarkRead(accountId ?? '');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('messages.title')}
      </Typography.Title>
      <Space>
        <Tag color="blue">{t('messages.unread', { count: messages.data?.unread ?? 0 })}</Tag>
        <Checkbox checked={unread} onChange={(e) => setUnread(e.target.checked)}>
          {t('messages.unreadOnly')}
        </Checkbox>
      </Space>
      <ErrorAlert error={messages.error ?? mark.error} />
      <ItemList
        items={messages.data?.items ?? []}
        itemKey={(m) => m.id}
        label={t('messages.title')}
        render={(m) => (
          <div className="message-item">
            <Space>
              {m.read ? null : <Tag color="red">•</Tag>}
              <span style={{ fontWeight: m.read ? 400 : 600 }}>{named(m.title as never)}</span>
              <Button size="small" onClick={() => mark.mutate({ messageId: m.id, read: !m.read })}>
                {m.read ? t('messages.markUnread') : t('messages.markRead')}
              </Button>
            </Space>
            <div>
              <DateTime value={m.createdAt} />{' '}
              <span style={{ whiteSpace: 'pre-wrap', color: '#374151' }}>{named(m.body as never)}</span>
            </div>
          </div>
        )}
      />
      {(messages.data?.total ?? 0) > 20 ? (
        <Pagination
          current={page}
          pageSize={20}
          total={messages.data?.total ?? 0}
          onChange={setPage}
          showSizeChanger={false}
        />
      ) : null}
    </Space>
  );
}
