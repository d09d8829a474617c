/** A plain list (ul/ol) with an empty text: antd's List is deprecated in antd 6 and warns in the console. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export function ItemList<T>({
  items,
  render,
  itemKey,
  ordered = false,
  label,
  empty,
}: {
  items: readonly T[];
  render: (item: T) => ReactNode;
  itemKey: (item: T) => string;
  ordered?: boolean;
  label?: string;
  empty?: string;
}) {
  const { t } = useI18n();
  if (!items.length) return <p className="item-list-empty">{empty ?? t('common.empty')}</p>;
  const children = items.map((item) => <li key={itemKey(item)}>{render(item)}</li>);
  return ordered ? (
    <ol className="item-list" aria-label={label}>
      {children}
    </ol>
  ) : (
    <ul className="item-list" aria-label={label}>
      {children}
    </ul>
  );
}
