/**
 * Attachments (R-TKT-1): stored in the database with the ticket's tenant, size and type limited, checksummed.
 * Sent as JSON `{ filename, contentType, contentBase64 }` so ITSM clients need no multipart.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { inTicketTransaction } from './ticket-tx.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { attachmentView } from '../domain/views.js';
import type { TicketsDeps } from '../ports.js';
import { ticketAttachments, tickets } from '../store/tables.js';
import { loadTicket } from './ticket-access.js';

export interface AttachmentInput {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export const ALLOWED_CONTENT_TYPES = [
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/json',
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function validateAttachment(a: AttachmentInput, maxBytes: number, path: string): { filename: string; contentType: string; data: Buffer } {
  const issues = [];
  const filename = a.filename.trim();
  if (!filename || filename.length > 255 || /[\\/\0]/.test(filename)) issues.push({ path: `${path}.filename`, message: 'a plain file name of 1–255 characters' });
  const contentType = a.contentType.toLowerCase().split(';')[0]!.trim();
  if (!(ALLOWED_CONTENT_TYPES as readonly string[]).includes(contentType)) issues.push({ path: `${path}.contentType`, message: `one of ${ALLOWED_CONTENT_TYPES.join(', ')}` });
  const b64 = a.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(b64) || b64.length % 4 !== 0) issues.push({ path: `${path}.contentBase64`, message: 'base64 content' });
  if (issues.length) throw validationFailed(issues);
  const data = Buffer.from(b64, 'base64');
  if (data.length === 0) throw validationFailed([{ path: `${path}.contentBase64`, message: 'empty file' }]);
  if (data.length > maxBytes) throw validationFailed([{ path: `${path}.contentBase64`, message: `at most ${maxBytes} bytes (got ${data.length})` }]);
  return { filename, contentType, data };
}

export async function addAttachment(deps: TicketsDeps, principal: Principal, ticketId: string, input: AttachmentInput & { internal?: boolean | undefined }) {
  const now = deps.clock.now();
  const file = validateAttachment(input, deps.config.attachmentMaxBytes, 'body');
  if (input.internal && !isStaff(principal)) throw new DomainError('FORBIDDEN', { requiredRole: 'staff' }, 'Only staff add internal attachments.');
  return inTicketTransaction(deps, async (tx) => {
    const { ticket } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    if (ticket.status === 'closed') throw new DomainError('INVALID_STATE', { status: ticket.status }, 'The ticket is closed.');
    const [row] = await tx
      .insert(ticketAttachments)
      .values({
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
      })
      .returning();
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id));
    const { data: _data, ...meta } = row!;
    return attachmentView(meta);
  });
}

export async function downloadAttachment(deps: TicketsDeps, principal: Principal, ticketId: string, attachmentId: string) {
  const { ticket } = await loadTicket(deps, deps.db, principal, ticketId, deps.clock.now());
  const [row] = await deps.db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.tenantId, ticket.tenantId), eq(ticketAttachments.ticketId, ticket.id), eq(ticketAttachments.id, attachmentId)));
  if (!row || (row.visibility === 'internal' && !isStaff(principal))) throw notFound('attachment', attachmentId);
  return row;
}
