/** The service-requests message table (R-SR-4, R-NTF-1): each state's notice in both languages, from plain values. */
import { describe, expect, it } from 'vitest';
import { serviceRequestAssigned, serviceRequestNotice } from '../../src/contexts/service-requests/domain/messages.js';

const sr = {
  number: 'SR-0007',
  type: 'event_protection',
  status: 'submitted',
  protectionLevel: 2,
  startDate: '2026-05-01',
  endDate: '2026-05-03',
  rejectReason: null,
};

describe('service-request notices', () => {
  it.each([
    ['submitted', 'service_request.created', '服务单已提交：SR-0007', 'Service request submitted: SR-0007'],
    ['processing', 'service_request.status_changed', '服务单处理中：SR-0007', 'Service request accepted: SR-0007'],
    ['completed', 'service_request.status_changed', '服务单已完成：SR-0007', 'Service request completed: SR-0007'],
    ['withdrawn', 'service_request.status_changed', '服务单已撤回：SR-0007', 'Service request withdrawn: SR-0007'],
    [
      'processing',
      'service_request.deliverable_added',
      '服务单有新的交付件：SR-0007',
      'New deliverable on a service request: SR-0007',
    ],
    ['unknown_state', 'service_request.status_changed', '服务单已提交：SR-0007', 'Service request submitted: SR-0007'],
  ] as const)('%s (%s)', (status, event, zh, en) => {
    const n = serviceRequestNotice({ ...sr, status }, event);
    expect(n.title).toEqual({ 'zh-CN': zh, 'en-US': en });
    expect(n.body).toEqual({
      'zh-CN': 'SR-0007 event_protection L2 2026-05-01…2026-05-03',
      'en-US': 'SR-0007 event_protection L2 2026-05-01…2026-05-03',
    });
    expect(n.subject).toEqual({
      'zh-CN': '[服务单 SR-0007] event_protection',
      'en-US': '[Service request SR-0007] event_protection',
    });
  });

  it('a rejection names its reason; no protection level, no L', () => {
    const n = serviceRequestNotice(
      { ...sr, status: 'rejected', protectionLevel: null, rejectReason: '资源不足' },
      'service_request.status_changed',
    );
    expect(n.title['en-US']).toBe('Service request rejected: SR-0007');
    expect(n.body).toEqual({
      'zh-CN': 'SR-0007 event_protection 2026-05-01…2026-05-03（原因：资源不足）',
      'en-US': 'SR-0007 event_protection 2026-05-01…2026-05-03 (reason: 资源不足)',
    });
  });

  it('the staff assignment notice', () => {
    expect(serviceRequestAssigned(sr)).toEqual({
      title: { 'zh-CN': '服务单 SR-0007 已分派给您', 'en-US': 'Service request SR-0007 assigned to you' },
      body: { 'zh-CN': 'event_protection 2026-05-01', 'en-US': 'event_protection 2026-05-01' },
    });
  });
});
