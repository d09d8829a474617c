/**
 * R-NTF-1 mail as mail clients expect it: a text and an HTML part rendered from the layout templates of the
 * recipient's locale (templates/mail/<locale>/notice.txt|html, files, never strings in use cases), a deep link into
 * the console (TIERDESK_PUBLIC_URL), Message-ID / In-Reply-To / References so the mails of one ticket thread,
 * `Auto-Submitted: auto-generated` (RFC 3834: no auto-replies back) and `List-Unsubscribe` (RFC 2369) pointing at
 * the notification settings for the optional kinds. Pure functions of plain values.
 */
import { createHash } from 'node:crypto';

/** The layout of one locale: `{{name}}` is escaped in HTML, `{{{name}}}` is inserted as is, `{{#name}}…{{/name}}` only when set. */
export interface MailTemplates {
  readonly text: string;
  readonly html: string;
}

export type TemplateVars = Readonly<Record<string, string | null | undefined>>;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Fills a template: sections first (dropped with their line when the value is empty), then values. */
export function renderTemplate(template: string, vars: TemplateVars, opts: { html: boolean }): string {
  const withSections = template.replace(
    /\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g,
    (_m, name: string, inner: string) => (vars[name] ? inner : ''),
  );
  return withSections
    .replace(/\{\{\{(\w+)\}\}\}/g, (_m, name: string) => vars[name] ?? '')
    .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const v = vars[name] ?? '';
      return opts.html ? escapeHtml(v) : v;
    });
}

/** Plain text as HTML paragraphs: escaped, blank lines between paragraphs, single newlines as breaks. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p style="white-space:normal;line-height:1.6">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

export interface NoticeMailInput {
  readonly title: string;
  readonly body: string;
  /** Absolute console URL of the object, or null without TIERDESK_PUBLIC_URL. */
  readonly link: string | null;
  /** The person who wrote the reply (a staff engineer's name), or null. */
  readonly actor: string | null;
  /** The notification settings page, for optional kinds (null: a kind that cannot be turned off). */
  readonly preferences: string | null;
}

export function renderNoticeMail(templates: MailTemplates, input: NoticeMailInput): { text: string; html: string } {
  const vars = {
    title: input.title,
    body: input.body,
    actor: input.actor,
    link: input.link,
    preferences: input.preferences,
  };
  return {
    text: renderTemplate(templates.text, vars, { html: false }),
    html: renderTemplate(templates.html, { ...vars, body: textToHtml(input.body) }, { html: true }),
  };
}

/** The domain of the sender's address (`Tierdesk <support@example.com>` → example.com), for Message-IDs. */
export function mailDomain(mailFrom: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom.trim());
  return match?.[1]?.toLowerCase() ?? 'tierdesk.invalid';
}

/** A thread's root Message-ID (`ticket:tkt_1` → `<ticket.tkt_1@domain>`): the first mail has it, the rest refer to it. */
export function threadMessageId(threadKey: string, domain: string): string {
  return `<${threadKey.replace(/[^A-Za-z0-9._-]/g, '.')}@${domain}>`;
}

/** A mail's own Message-ID, the same for the same effect and recipient (a retried send keeps it). */
export function noticeMessageId(dedupeKey: string, to: string, domain: string): string {
  const hash = createHash('sha256').update(`${dedupeKey}\n${to.toLowerCase()}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

/** Joins a console path to TIERDESK_PUBLIC_URL; null without one. */
export function consoleUrl(publicUrl: string | null, path: string): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The console page where a user turns optional mails off (List-Unsubscribe and the mail's footer). */
export const PREFERENCES_PATH = '/settings/notifications';
