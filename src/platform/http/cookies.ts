/** Reading one cookie of a request's `Cookie` header (RFC 6265 §5.4; values are not decoded). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return v.length ? v : null;
    }
  }
  return null;
}
