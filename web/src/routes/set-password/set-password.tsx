/**
 * The one-time link's page (`/set-password?token=…`, mailed to invited users and on a reset): choose a password
 * (at least 12 characters), then the user is signed in. Plain HTML like the sign-in page (no antd).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, ApiError, call, setCsrfToken } from '../../api/client';
import { useSession } from '../../api/session';
import { homeOf } from '../../app/nav';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

const MIN_LENGTH = 12;

export function Component() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();
  const session = useSession();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const set = useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      call(api.POST('/api/v1/password/set', { body }), { signedOut: false }),
    onSuccess: async (data) => {
      setCsrfToken(data.session.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      await qc.invalidateQueries({ queryKey: ['session'] });
    },
  });
  useEffect(() => {
    document.title = `${t('setPassword.title')} · Tierdesk`;
  }, [t]);
  if (set.isSuccess && session.data) return <Navigate to={homeOf(session.data.role)} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_LENGTH) return setProblem(t('setPassword.tooShort', { min: MIN_LENGTH }));
    if (password !== repeat) return setProblem(t('setPassword.mismatch'));
    setProblem(null);
    set.mutate({ token, password });
  };
  const refused =
    set.error instanceof ApiError && set.error.code === 'LINK_INVALID'
      ? t('setPassword.linkInvalid')
      : set.error
        ? t('signIn.unavailable')
        : null;
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>{t('setPassword.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="sign-in-subtitle">{t('setPassword.subtitle', { min: MIN_LENGTH })}</p>
        {!token ? (
          <p role="alert" className="notice notice-error">
            {t('setPassword.linkInvalid')}
          </p>
        ) : null}
        {(problem ?? refused) ? (
          <p role="alert" className="notice notice-error">
            {problem ?? refused}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
          <label htmlFor="new-password">{t('setPassword.password')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <label htmlFor="repeat-password">{t('setPassword.repeat')}</label>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
          <button type="submit" className="primary" disabled={!token || set.isPending}>
            {t('setPassword.submit')}
          </button>
        </form>
        <p className="sign-in-subtitle">
          <Link to="/sign-in">{t('setPassword.toSignIn')}</Link>
        </p>
      </div>
    </main>
  );
}
