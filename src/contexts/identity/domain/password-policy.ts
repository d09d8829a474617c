/** Passwords (R-UI-1): at least 12 characters (NIST SP 800-63B's length over composition rules), at most 1,024. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** The sign-in name: emails compare case-insensitively, without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
