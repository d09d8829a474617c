/**
 * A real local SMTP server (smtp-server on 127.0.0.1:0, no TLS, no auth) that keeps every mail it accepts, parsed
 * as a mail client would (mailparser): envelope recipients, the raw header lines (unfolded, encoded words decoded),
 * the subject, the text part and the HTML part.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  readonly rcptTo: string[];
  readonly headers: Map<string, string>;
  readonly subject: string;
  readonly text: string;
  /** The text/html part, or null for a text-only mail. */
  readonly html: string | null;
  /** mailparser's view of the whole message (attachments, references, addresses). */
  readonly parsed: ParsedMail;
  readonly raw: string;
}

/** RFC 2047 encoded words (B and Q). */
function decodeWords(value: string): string {
  return value.replace(/\s*=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_m, _charset: string, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The message as a client reads it: mailparser for the parts, the top header lines as written. */
export async function parseMail(raw: string, rcptTo: string[]): Promise<Mail> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  const parsed = await simpleParser(raw);
  return {
    rcptTo,
    headers,
    subject: parsed.subject ?? '',
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
    html: typeof parsed.html === 'string' ? parsed.html : null,
    parsed,
    raw,
  };
}

export interface SmtpSink {
  readonly url: string;
  readonly mails: Mail[];
  /** Mails whose envelope names `address`. */
  to(address: string): Mail[];
  /** Refuse the next `n` mails with a temporary 451 (to test retries). */
  failNextMails(n: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<SmtpSink> {
  const mails: Mail[] = [];
  let failNext = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failNext > 0) {
          failNext--;
          return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        }
        parseMail(
          Buffer.concat(chunks).toString('utf8'),
          session.envelope.rcptTo.map((r) => r.address),
        ).then(
          (mail) => {
            mails.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to: (address) => mails.filter((m) => m.rcptTo.includes(address)),
    failNextMails: (n) => void (failNext = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The attachments of a mail, by filename (mailparser's). */
export function attachmentsOf(mail: Mail): Map<string, Buffer> {
  return new Map(mail.parsed.attachments.map((a) => [a.filename ?? '', a.content]));
}
