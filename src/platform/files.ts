/**
 * Uploaded files (ticket attachments, service-request deliverables): JSON `{ filename, contentType, contentBase64 }`
 * so API clients need no multipart; size and type limited; stored in the database with the tenant.
 */
import type { FastifyReply } from 'fastify';
import { validationFailed } from './errors.js';

export interface FileInput {
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

export function validateFile(
  a: FileInput,
  maxBytes: number,
  path: string,
): { filename: string; contentType: string; data: Buffer } {
  const issues = [];
  const filename = a.filename.trim();
  if (!filename || filename.length > 255 || /[\\/\0]/.test(filename))
    issues.push({ path: `${path}.filename`, message: 'a plain file name of 1–255 characters' });
  const contentType = a.contentType.toLowerCase().split(';')[0]!.trim();
  if (!(ALLOWED_CONTENT_TYPES as readonly string[]).includes(contentType))
    issues.push({ path: `${path}.contentType`, message: `one of ${ALLOWED_CONTENT_TYPES.join(', ')}` });
  const b64 = a.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(b64) || b64.length % 4 !== 0)
    issues.push({ path: `${path}.contentBase64`, message: 'base64 content' });
  if (issues.length) throw validationFailed(issues);
  const data = Buffer.from(b64, 'base64');
  if (data.length === 0) throw validationFailed([{ path: `${path}.contentBase64`, message: 'empty file' }]);
  if (data.length > maxBytes)
    throw validationFailed([
      { path: `${path}.contentBase64`, message: `at most ${maxBytes} bytes (got ${data.length})` },
    ]);
  return { filename, contentType, data };
}

/** Sends a stored file as a download (never sniffed, never rendered inline). */
export function sendFile(
  reply: FastifyReply,
  file: { contentType: string; filename: string; data: Buffer },
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .serializer((x: unknown) => x as string)
    .send(file.data);
}
