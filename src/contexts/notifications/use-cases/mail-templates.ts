/**
 * The mail layout templates (R-NTF-1), files per locale: templates/mail/<locale>/notice.txt and notice.html in the
 * package (found from this file in src/ or dist/), read once per sender at its first notice mail. A locale without
 * its own folder uses en-US's.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MailTemplates } from '../domain/mail.js';

export function mailTemplateDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'templates', 'mail');
    if (existsSync(join(candidate, 'en-US', 'notice.txt'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('mail templates folder (templates/mail) not found');
}

export function createTemplateReader(dir: string = mailTemplateDir()): (locale: string) => Promise<MailTemplates> {
  const loaded = new Map<string, Promise<MailTemplates>>();
  const read = async (locale: string): Promise<MailTemplates> => {
    const folder = existsSync(join(dir, locale, 'notice.txt')) ? locale : 'en-US';
    const [text, html] = await Promise.all([
      readFile(join(dir, folder, 'notice.txt'), 'utf8'),
      readFile(join(dir, folder, 'notice.html'), 'utf8'),
    ]);
    return { text, html };
  };
  return (locale) => {
    let got = loaded.get(locale);
    if (!got) {
      got = read(locale);
      got.catch(() => loaded.delete(locale));
      loaded.set(locale, got);
    }
    return got;
  };
}
