/** What the identity context needs from others, handed in by the composition root (STYLE §9). */
import type { OutboxEffect } from '../../platform/outbox.js';
import type { Deps } from '../../platform/deps.js';
import type { PrincipalUser } from '../../platform/http/principal.js';

/** A user as identity sees it (owned by the accounts context). */
export interface IdentityUser extends PrincipalUser {
  readonly name: string;
  readonly email: string;
  readonly disabled: boolean;
}

export interface IdentityAccount {
  readonly id: string;
  readonly name: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly parentId: string | null;
}

/** The accounts context's users, read and (for OpenID Connect sign-ups) created. */
export interface UserDirectory {
  byId(id: string): Promise<IdentityUser | undefined>;
  /** Active and disabled users with this email, compared case-insensitively. */
  byEmail(email: string): Promise<IdentityUser[]>;
  account(id: string): Promise<IdentityAccount | undefined>;
  /** A new customer user of an existing account (OpenID Connect sign-up); undefined when no such account. */
  createCustomerUser(input: {
    accountId: string;
    name: string;
    email: string;
    role: 'customer_owner' | 'customer_member';
  }): Promise<IdentityUser | undefined>;
}

/** One mail as an outbox effect (the notifications context delivers it). */
export type MailEffect = (mail: {
  readonly tenantId: string | null;
  readonly accountId: string | null;
  readonly kind: string;
  readonly locale: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Placeholders in `text` and the secrets they stand for: kept sealed until the mail is sent. */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly dedupeKey: string;
}) => OutboxEffect;

export interface IdentityDeps extends Deps {
  readonly users: UserDirectory;
  readonly mail: MailEffect;
  /** Keys the CSRF tokens (HMAC of the session id). */
  readonly sessionKey: Uint8Array;
  /**
   * Sessions, links and lock-outs run on wall time, not the test clock: they protect the server, like rate
   * limits, and a test clock set years ahead must not expire every session.
   */
  readonly wallClock: () => Date;
}
