/**
 * Sign-in: fields "Email"/"邮箱" and "Password"/"密码", button "Sign in"/"登录" (API.md console contract). Plain
 * HTML with the console's own few styles, no antd: this is the first page most people load (≤ 200 KB gzip of
 * JavaScript, `npm run bench`).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession, useSignIn, useSignInMethods } from '../../api/session';
import { homeOf } from '../../app/nav';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

export function Component() {
  const { t } = useI18n();
  const session = useSession();
  const signIn = useSignIn();
  const methods = useSignInMethods();
  const location = useLocation();
  const state = location.state as { ended?: string | null; from?: string } | null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    document.title = `${t('signIn.title')} · Tierdesk`;
  }, [t]);
  if (session.data) {
    const from = state?.from && state.from !== '/' && state.from !== '/sign-in' ? state.from : null;
    return <Navigate to={from ?? homeOf(session.data.role)} replace />;
  }

  // Why an OpenID Connect sign-in came back without a session (the callback's `?oidc=<reason>`).
  const oidcReason = new URLSearchParams(location.search).get('oidc');
  const oidcMessage = oidcReason && !signIn.error ? t(oidcMessageKey(oidcReason)) : null;
  const oidc = methods.data?.oidc ?? null;
  const returnTo = state?.from && state.from !== '/sign-in' ? state.from : '/';

  const error = signIn.error;
  const message =
    error instanceof ApiError && error.code === 'RATE_LIMITED'
      ? t('signIn.locked', { seconds: Number(error.details.retryAfterSeconds ?? 30) })
      : error instanceof ApiError && error.status === 401
        ? t('signIn.failed')
        : error
          ? t('signIn.unavailable')
          : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const incomplete = !email.trim() || !password;
    setMissing(incomplete);
    if (!incomplete) signIn.mutate({ email: email.trim(), password });
  };
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>{t('signIn.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="sign-in-subtitle">{t('signIn.subtitle')}</p>
        {state?.ended && !error ? (
          <p role="alert" className="notice notice-warning">
            {t(
              state.ended === 'user_disabled'
                ? 'signIn.disabled'
                : state.ended === 'signed_out'
                  ? 'signIn.signedOut'
                  : 'signIn.expired',
            )}
          </p>
        ) : null}
        {oidcMessage ? (
          <p role="alert" className="notice notice-error">
            {oidcMessage}
          </p>
        ) : null}
        {message ? (
          <p role="alert" className="notice notice-error">
            {message}
          </p>
        ) : null}
        {missing ? (
          <p role="alert" className="notice notice-error">
            {t('signIn.required')}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
          <label htmlFor="sign-in-email">{t('signIn.email')}</label>
          <input
            id="sign-in-email"
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            aria-invalid={missing && !email.trim()}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label htmlFor="sign-in-password">{t('signIn.password')}</label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={missing && !password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="primary" disabled={signIn.isPending}>
            {t('signIn.submit')}
          </button>
        </form>
        {oidc ? (
          <div className="sign-in-oidc">
            <p className="sign-in-or">{t('signIn.or')}</p>
            <button
              type="button"
              className="secondary"
              onClick={() => window.location.assign(`${oidc.url}?returnTo=${encodeURIComponent(returnTo)}`)}
            >
              {t('signIn.withProvider', { name: oidc.name })}
            </button>
          </div>
        ) : null}
      </div>
    </main>
  );
}

const OIDC_REASONS = [
  'cancelled',
  'expired',
  'email_unverified',
  'no_user',
  'ambiguous',
  'user_disabled',
  'unavailable',
] as const;

function oidcMessageKey(reason: string): MessageKey {
  return (OIDC_REASONS as readonly string[]).includes(reason)
    ? (`signIn.oidc.${reason}` as MessageKey)
    : 'signIn.oidc.failed';
}
