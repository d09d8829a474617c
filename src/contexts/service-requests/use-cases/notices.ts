/**
 * The notices service-request changes send (R-SR-4, R-NTF-1): every state change, whoever caused it, goes to all of
 * the level's channels (message center, email, SMS/phone where the level has them) and the webhook event. The texts
 * are the context's message table (domain/messages.ts).
 */
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';
import type { AccountRow } from '../../accounts/index.js';
import type { CustomerNotice } from '../../notifications/index.js';
import { serviceRequestNotice, type ServiceRequestEvent } from '../domain/messages.js';
import type { ServiceRequest } from '../domain/service-request.js';

export function srNotice(
  account: AccountRow,
  level: TLevel | null,
  sr: ServiceRequest,
  event: ServiceRequestEvent,
  dedupeKey: string,
  opts: { extra?: Record<string, unknown> } = {},
): CustomerNotice {
  const text = serviceRequestNotice(sr, event);
  return {
    account,
    level,
    kind: event,
    dedupeKey,
    title: text.title,
    body: text.body,
    data: { serviceRequestId: sr.id, status: sr.status, ...(opts.extra ?? {}) },
    // One mail thread per service request, linked to its page in the console (R-NTF-1).
    mail: {
      link: `/service-requests/${sr.id}`,
      threadKey: `service-request:${sr.id}`,
      threadStart: event === 'service_request.created',
      subject: text.subject,
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
