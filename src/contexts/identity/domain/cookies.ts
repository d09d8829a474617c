/**
 * The session cookie (R-UI-1): `HttpOnly` (scripts never read it), `SameSite=Lax` (not sent on cross-site
 * sub-requests), `Secure` when the console is served over https, `Path=/`. Pure serialization and parsing.
 */
export const SESSION_COOKIE = 'tierdesk_session';
/** The header the console sends the session's CSRF token in on cookie-authenticated writes. */
export const CSRF_HEADER = 'x-csrf-token';

export function sessionCookie(value: string, opts: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${opts.maxAgeSeconds}`];
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeSeconds: 0, secure });
}
