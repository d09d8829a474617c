/**
 * The service-requests context's message table (R-SR-4, R-NTF-1): the title, body and mail subject of every notice a
 * service request's change sends, and the staff assignment notice, in both languages, from plain values. The
 * notifications context lays them out per channel (templates/mail).
 */
import type { TNames } from '../../../domain/catalog/catalog-schema.js';

export type ServiceRequestEvent =
  'service_request.created' | 'service_request.status_changed' | 'service_request.deliverable_added';

/** What a notice says about the request. */
export interface ServiceRequestText {
  readonly number: string;
  readonly type: string;
  readonly status: string;
  readonly protectionLevel: number | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly rejectReason: string | null;
}

const TITLES: Record<string, TNames> = {
  submitted: { 'zh-CN': '服务单已提交', 'en-US': 'Service request submitted' },
  processing: { 'zh-CN': '服务单处理中', 'en-US': 'Service request accepted' },
  completed: { 'zh-CN': '服务单已完成', 'en-US': 'Service request completed' },
  rejected: { 'zh-CN': '服务单被驳回', 'en-US': 'Service request rejected' },
  withdrawn: { 'zh-CN': '服务单已撤回', 'en-US': 'Service request withdrawn' },
  deliverable: { 'zh-CN': '服务单有新的交付件', 'en-US': 'New deliverable on a service request' },
};

/** The customer's notice of a change: the state's (or the deliverable's) title, the request's facts, the mail subject. */
export function serviceRequestNotice(
  sr: ServiceRequestText,
  event: ServiceRequestEvent,
): { title: TNames; body: TNames; subject: TNames } {
  const title =
    event === 'service_request.deliverable_added' ? TITLES.deliverable! : (TITLES[sr.status] ?? TITLES.submitted!);
  const what = `${sr.number} ${sr.type}${sr.protectionLevel ? ` L${sr.protectionLevel}` : ''} ${sr.startDate}…${sr.endDate}`;
  return {
    title: { 'zh-CN': `${title['zh-CN']}：${sr.number}`, 'en-US': `${title['en-US']}: ${sr.number}` },
    body: {
      'zh-CN': `${what}${sr.rejectReason ? `（原因：${sr.rejectReason}）` : ''}`,
      'en-US': `${what}${sr.rejectReason ? ` (reason: ${sr.rejectReason})` : ''}`,
    },
    subject: { 'zh-CN': `[服务单 ${sr.number}] ${sr.type}`, 'en-US': `[Service request ${sr.number}] ${sr.type}` },
  };
}

/** The staff notice of a request assigned to them. */
export function serviceRequestAssigned(sr: Pick<ServiceRequestText, 'number' | 'type' | 'startDate'>): {
  title: TNames;
  body: TNames;
} {
  return {
    title: { 'zh-CN': `服务单 ${sr.number} 已分派给您`, 'en-US': `Service request ${sr.number} assigned to you` },
    body: { 'zh-CN': `${sr.type} ${sr.startDate}`, 'en-US': `${sr.type} ${sr.startDate}` },
  };
}
