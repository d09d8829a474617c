/**
 * The notices service-request changes send (R-SR-4, R-NTF-1): every state change, whoever caused it, goes to all of
 * the level's channels (message center, email, SMS/phone where the level has them) and the webhook event.
 */
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';
import type { AccountRow } from '../../accounts/index.js';
import type { CustomerNotice } from '../../notifications/index.js';
import type { ServiceRequest } from '../domain/service-request.js';

const TITLES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  submitted: { 'zh-CN': '服务单已提交', 'en-US': 'Service request submitted' },
  processing: { 'zh-CN': '服务单处理中', 'en-US': 'Service request accepted' },
  completed: { 'zh-CN': '服务单已完成', 'en-US': 'Service request completed' },
  rejected: { 'zh-CN': '服务单被驳回', 'en-US': 'Service request rejected' },
  withdrawn: { 'zh-CN': '服务单已撤回', 'en-US': 'Service request withdrawn' },
  deliverable: { 'zh-CN': '服务单有新的交付件', 'en-US': 'New deliverable on a service request' },
};

export function srNotice(
  account: AccountRow,
  level: TLevel | null,
  sr: ServiceRequest,
  event: 'service_request.created' | 'service_request.status_changed' | 'service_request.deliverable_added',
  dedupeKey: string,
  opts: { extra?: Record<string, unknown> } = {},
): CustomerNotice {
  const title =
    event === 'service_request.deliverable_added' ? TITLES.deliverable! : (TITLES[sr.status] ?? TITLES.submitted!);
  const what = `${sr.number} ${sr.type}${sr.protectionLevel ? ` L${sr.protectionLevel}` : ''} ${sr.startDate}…${sr.endDate}`;
  return {
    account,
    level,
    kind: event,
    dedupeKey,
    title: { 'zh-CN': `${title['zh-CN']}：${sr.number}`, 'en-US': `${title['en-US']}: ${sr.number}` },
    body: {
      'zh-CN': `${what}${sr.rejectReason ? `（原因：${sr.rejectReason}）` : ''}`,
      'en-US': `${what}${sr.rejectReason ? ` (reason: ${sr.rejectReason})` : ''}`,
    },
    data: { serviceRequestId: sr.id, status: sr.status, ...(opts.extra ?? {}) },
    // One mail thread per service request, linked to its page in the console (R-NTF-1).
    mail: {
      link: `/service-requests/${sr.id}`,
      threadKey: `service-request:${sr.id}`,
      threadStart: event === 'service_request.created',
      subject: { 'zh-CN': `[服务单 ${sr.number}] ${sr.type}`, 'en-US': `[Service request ${sr.number}] ${sr.type}` },
    },
    webhookEvent: {
      type: event,
      payload: {
        serviceRequest: {
          id: sr.id,
          number: sr.number,
          accountId: sr.accountId,
          type: sr.type,
          status: sr.status,
          start: sr.startDate,
          end: sr.endDate,
          protectionLevel: sr.protectionLevel,
        },
        ...(opts.extra ?? {}),
      },
    },
  };
}
