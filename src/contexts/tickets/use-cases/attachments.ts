/**
 * Attachments (R-TKT-1): stored in the database with the ticket's tenant, size and type limited, checksummed.
 * Sent as JSON `{ filename, contentType, contentBase64 }` so ITSM clients need no multipart.
 */
import { createHash } from 'node:crypto';
import { inTicketTransaction } from './ticket-tx.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { validateFile as validateAttachment, type FileInput as AttachmentInput } from '../../../platform/files.js';
export { validateAttachment, type AttachmentInput };
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { attachmentView } from '../domain/views.js';
import type { TicketsDeps } from '../ports.js';
import { findAttachment, insertAttachment, touchTicket } from '../store/ticket-store.js';
import { loadTicket } from './ticket-access.js';

export async function addAttachment(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  input: AttachmentInput & { internal?: boolean | undefined },
) {
  const now = deps.clock.now();
  const file = validateAttachment(input, deps.config.attachmentMaxBytes, 'body');
  return inTicketTransaction(deps, async (tx) => {
    // Visibility first: another tenant's ticket is NOT_FOUND before any other refusal (R-TKT-6).
    const { ticket } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    authorize(principal, input.internal ? 'ticket.attach_internal' : 'ticket.attach', { category: ticket.category });
    if (ticket.status === 'closed')
      throw new DomainError('INVALID_STATE', { status: ticket.status }, 'The ticket is closed.');
    const meta = await insertAttachment(tx, {
      id: newId('att', now.getTime()),
      tenantId: ticket.tenantId,
      ticketId: ticket.id,
      filename: file.filename,
      contentType: file.contentType,
      sizeBytes: file.data.length,
      sha256: createHash('sha256').update(file.data).digest('hex'),
      visibility: input.internal ? 'internal' : 'public',
      data: file.data,
      createdBy: principal.id,
      createdAt: now,
    });
    await touchTicket(tx, ticket.id, now);
    return attachmentView(meta);
  });
}

export async function downloadAttachment(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  attachmentId: string,
) {
  const { ticket } = await loadTicket(deps, deps.db, principal, ticketId, deps.clock.now());
  const row = await findAttachment(deps.db, ticket.tenantId, ticket.id, attachmentId);
  if (!row || (row.visibility === 'internal' && !isStaff(principal))) throw notFound('attachment', attachmentId);
  return row;
}
