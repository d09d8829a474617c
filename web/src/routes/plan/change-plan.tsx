/**
 * Buy / upgrade / downgrade / renew / unsubscribe (seed 001 §1–5, seed 004 §3): pick the level by its catalog name
 * and the term, see the API's quote with its breakdown (paid, consumed, fee, R and T), tick the agreement, confirm,
 * pay from the account balance (issue 11: the balance is shown, and what it lacks before the API refuses with
 * INSUFFICIENT_BALANCE), optionally with one of the account's available vouchers that fit the level (the quote
 * names what it pays and what is left to pay; paying names it). Every amount is the API's; every refusal is shown
 * with what to do.
 */
import { Alert, Button, Checkbox, Descriptions, Input, InputNumber, Modal, Radio, Space, Table } from 'antd';
import { Select } from '../../ui/Select';
import { useEffect, useState } from 'react';
import type { Catalog, Order, Plan, Quote } from '../../api/types';
import { useBalance, usePayOrder, usePlaceOrder, useQuote, useVouchers } from '../../api/plan';
import { ApiError } from '../../api/client';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Money } from '../../ui/format';
import { formatDate, formatMoney } from '../../i18n/format';

export type PlanAction = 'purchase' | 'upgrade' | 'downgrade' | 'renew' | 'unsubscribe';

export function levelsFor(action: PlanAction, catalog: Catalog, plan: Plan) {
  const current = catalog.levels.find((l) => l.id === plan.level);
  const buyable = catalog.levels.filter((l) => l.purchasable && !l.isDefault);
  if (action === 'purchase') return buyable;
  if (action === 'upgrade') return buyable.filter((l) => !current || l.rank > current.rank);
  if (action === 'downgrade') return buyable.filter((l) => current && l.rank < current.rank);
  return [];
}

export function ChangePlan({
  action,
  accountId,
  catalog,
  plan,
  onClose,
}: {
  action: PlanAction;
  accountId: string;
  catalog: Catalog;
  plan: Plan;
  onClose: () => void;
}) {
  const { t, named, locale, timeZone } = useI18n();
  const levels = levelsFor(action, catalog, plan);
  const needsLevel = action === 'purchase' || action === 'upgrade' || action === 'downgrade';
  const needsTerm = action === 'purchase' || action === 'renew';
  const terms = catalog.subscription.terms;
  const [level, setLevel] = useState<string | undefined>(levels.length === 1 ? levels[0]!.id : undefined);
  const [unit, setUnit] = useState<'month' | 'year'>(terms[0]?.unit ?? 'month');
  const [count, setCount] = useState<number>(terms[0]?.min ?? 1);
  const [agreed, setAgreed] = useState(false);
  const [reason, setReason] = useState<string | undefined>();
  const [reasonText, setReasonText] = useState('');
  const [order, setOrder] = useState<Order | null>(null);
  const quote = useQuote(accountId);
  const place = usePlaceOrder(accountId);
  const pay = usePayOrder(accountId);
  const balance = useBalance(accountId);
  const [voucherId, setVoucherId] = useState<string | undefined>();
  const ready = (!needsLevel || !!level) && (!needsTerm || count > 0);
  const term = needsTerm ? { unit, count } : undefined;
  const body = { action, ...(needsLevel && level ? { level } : {}), ...(term ? { term } : {}) };
  // Vouchers pay for charges (buy, upgrade, renew) of the levels they name (none named: any level).
  const targetLevel = needsLevel ? level : plan.level;
  const charges = action === 'purchase' || action === 'upgrade' || action === 'renew';
  const vouchers = useVouchers(charges ? accountId : undefined);
  const fitting = (vouchers.data?.items ?? []).filter(
    (v) => v.state === 'available' && (!v.levels || (!!targetLevel && v.levels.includes(targetLevel))),
  );
  const chosenVoucher = fitting.find((v) => v.id === voucherId)?.id;
  const quoteBody = { ...body, ...(chosenVoucher ? { voucherId: chosenVoucher } : {}) };
  const key = JSON.stringify(quoteBody);
  const paidNow = !!pay.data;
  useEffect(() => {
    // Once paid the price is settled (a new quote would be for a plan that changed).
    if (ready && !paidNow) quote.mutate(quoteBody);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ready, paidNow]);
  const q: Quote | undefined = quote.data;
  const reasonDef = catalog.unsubscribeReasons.find((r) => r.id === reason);
  const canConfirm =
    ready && !!q && agreed && (action !== 'unsubscribe' || (!!reason && (!reasonDef?.requiresText || !!reasonText)));
  const termDef = terms.find((x) => x.unit === unit);
  const agreement = named(catalog.subscription.agreement.names);

  const confirm = () =>
    place.mutate(
      {
        ...body,
        agreementAccepted: true,
        ...(action === 'unsubscribe' ? { reason, ...(reasonText ? { reasonText } : {}) } : {}),
      } as never,
      { onSuccess: (o) => setOrder(o) },
    );
  const paid = pay.data ?? (order && order.status !== 'pending_payment' ? order : null);
  const waiting = pay.error instanceof ApiError && pay.error.code === 'PAYMENT_REQUIRED';
  const refused = pay.error instanceof ApiError && pay.error.code === 'INSUFFICIENT_BALANCE';
  // What is left to pay after the voucher is the quote's (the API's) `payable`.
  const toPay = !order ? undefined : chosenVoucher && q?.voucher && q.payable ? q.payable : order.amount;
  const shortfall = toPay && balance.data && !refused ? shortfallOf(toPay, balance.data.balance) : null;
  const voucherPicker =
    charges && fitting.length && !paid && !waiting ? (
      <label style={{ display: 'block' }}>
        <span style={{ display: 'block' }}>{t('order.voucher')}</span>
        <Select
          aria-label={t('order.voucher')}
          value={chosenVoucher}
          placeholder={t('order.noVoucher')}
          onChange={(id) => {
            setVoucherId(id);
            pay.reset();
          }}
          onClear={() => {
            setVoucherId(undefined);
            pay.reset();
          }}
          options={fitting.map((v) => ({
            value: v.id,
            label: t('order.voucherOption', {
              amount: formatMoney(v.amount, locale),
              expires: formatDate(v.expiresAt, locale, timeZone),
            }),
          }))}
        />
      </label>
    ) : null;

  return (
    <Modal open title={t(`order.title.${action}`)} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {needsLevel ? (
          <Radio.Group
            name="level"
            aria-label={t('order.level')}
            value={level}
            onChange={(e) => setLevel(e.target.value as string)}
            options={levels.map((l) => ({ value: l.id, label: named(l.names, l.id) }))}
            disabled={!!order}
          />
        ) : null}
        {needsTerm ? (
          <Space>
            <Select
              aria-label={t('order.term')}
              value={unit}
              onChange={(u) => {
                setUnit(u);
                setCount(terms.find((x) => x.unit === u)?.min ?? 1);
              }}
              options={terms.map((x) => ({ value: x.unit, label: t(`order.unit.${x.unit}`) }))}
              disabled={!!order}
            />
            <InputNumber
              aria-label={t('order.termCount')}
              min={termDef?.min ?? 1}
              max={termDef?.max ?? 12}
              value={count}
              onChange={(v) => setCount(Number(v ?? 1))}
              disabled={!!order}
            />
          </Space>
        ) : null}
        {action === 'unsubscribe' ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Select
              aria-label={t('order.reason')}
              placeholder={t('order.reason')}
              value={reason}
              onChange={setReason}
              options={catalog.unsubscribeReasons.map((r) => ({ value: r.id, label: named(r.names, r.id) }))}
            />
            {reasonDef?.requiresText ? (
              <Input.TextArea
                aria-label={t('order.reasonText')}
                placeholder={t('order.reasonText')}
                value={reasonText}
                onChange={(e) => setReasonText(e.target.value)}
              />
            ) : null}
          </Space>
        ) : null}
        {voucherPicker}
        <ErrorAlert error={quote.error} />
        {q ? <QuoteView quote={q} /> : null}
        {!order ? (
          <>
            <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
              {t('order.agree', { agreement })}
            </Checkbox>
            <ErrorAlert error={place.error} />
            <Button type="primary" disabled={!canConfirm} loading={place.isPending} onClick={confirm}>
              {t('order.confirm')}
            </Button>
          </>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="info" role="status" title={t('order.placed', { number: order.number })} />
            {paid ? (
              <Alert
                type="success"
                role="status"
                title={paid.direction === 'refund' ? t('order.refunded') : t('order.paid')}
              />
            ) : waiting ? (
              <Alert type="info" role="status" title={t('order.awaitingPayment')} />
            ) : (
              <>
                <Descriptions size="small" column={2} bordered>
                  <Descriptions.Item label={t('order.amount')}>
                    <Money value={order.amount} />
                  </Descriptions.Item>
                  {chosenVoucher && q?.voucher && q.payable ? (
                    <>
                      <Descriptions.Item label={t('order.voucherPays')}>
                        <Money value={q.voucher.amount} />
                      </Descriptions.Item>
                      <Descriptions.Item label={t('order.payable')}>
                        <Money value={q.payable} />
                      </Descriptions.Item>
                    </>
                  ) : null}
                  <Descriptions.Item label={t('plan.balance')}>
                    <Money value={balance.data?.balance} />
                  </Descriptions.Item>
                </Descriptions>
                {shortfall ? (
                  <Alert
                    type="warning"
                    showIcon
                    role="status"
                    title={t('order.balanceShort', { shortfall: formatMoney(shortfall, locale) })}
                  />
                ) : null}
                <ErrorAlert error={pay.error} />
                <Button
                  type="primary"
                  loading={pay.isPending}
                  onClick={() => pay.mutate({ orderId: order.id, voucherId: chosenVoucher })}
                >
                  {t('order.payBalance')}
                </Button>
              </>
            )}
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Space>
        )}
      </Space>
    </Modal>
  );
}

/** What the balance lacks for the amount (both decimal strings of one currency), or null when it covers it. */
function shortfallOf(amount: Order['amount'], balance: Order['amount']): Order['amount'] | null {
  const digits = amount.amount.split('.')[1]?.length ?? 0;
  const minor = (s: string) => {
    const [whole = '0', frac = ''] = s.replace('-', '').split('.');
    const v = BigInt(whole) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
    return s.startsWith('-') ? -v : v;
  };
  const short = minor(amount.amount) - minor(balance.amount);
  if (short <= 0n) return null;
  const text = short.toString().padStart(digits + 1, '0');
  return {
    amount: digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text,
    currency: amount.currency,
  };
}

export function QuoteView({ quote }: { quote: Quote }) {
  const { t } = useI18n();
  const lineLabel = (kind: string) => {
    const key = `order.line.${kind}` as MessageKey;
    const text = t(key);
    return text === key ? kind : text;
  };
  return (
    <section aria-label={t('order.quote')}>
      <Descriptions size="small" column={2} bordered title={t('order.quote')}>
        <Descriptions.Item label={t(`order.direction.${quote.direction}`)}>
          <strong>
            <Money value={quote.amount} />
          </strong>
        </Descriptions.Item>
        {quote.remainingDays !== null ? (
          <Descriptions.Item label={`${t('order.remainingDays')} / ${t('order.totalDays')}`}>
            {quote.remainingDays} / {quote.totalDays}
          </Descriptions.Item>
        ) : null}
        {quote.paid ? (
          <Descriptions.Item label={t('order.line.paid')}>
            <Money value={quote.paid} />
          </Descriptions.Item>
        ) : null}
        {quote.consumed ? (
          <Descriptions.Item label={t('order.line.consumed')}>
            <Money value={quote.consumed} />
          </Descriptions.Item>
        ) : null}
        {quote.fee ? (
          <Descriptions.Item label={t('order.line.handling_fee')}>
            <Money value={quote.fee} />
          </Descriptions.Item>
        ) : null}
        {quote.voucher && quote.payable ? (
          <>
            <Descriptions.Item label={t('order.voucherPays')}>
              <Money value={quote.voucher.amount} />
            </Descriptions.Item>
            <Descriptions.Item label={t('order.payable')}>
              <strong>
                <Money value={quote.payable} />
              </strong>
            </Descriptions.Item>
          </>
        ) : null}
        {quote.noReasonRefundsRemaining !== undefined ? (
          <Descriptions.Item label={t('order.noReasonLeft', { count: quote.noReasonRefundsRemaining })}>
            {quote.noReasonRefund ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Table
        size="small"
        pagination={false}
        dataSource={quote.breakdown.map((line, i) => ({ ...line, key: i }))}
        columns={[
          { title: t('order.breakdown'), dataIndex: 'kind', render: (k: string) => lineLabel(k) },
          { title: 'R', dataIndex: 'remainingDays' },
          { title: 'T', dataIndex: 'totalDays' },
          { title: t('order.amount'), dataIndex: 'amount', render: (m: Quote['amount']) => <Money value={m} /> },
        ]}
      />
    </section>
  );
}
