/** Sign-in: fields "Email"/"邮箱" and "Password"/"密码", button "Sign in"/"登录" (API.md console contract). */
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession, useSignIn } from '../../api/session';
import { homeOf } from '../../app/Layout';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

export function Component() {
  const { t } = useI18n();
  const session = useSession();
  const signIn = useSignIn();
  const location = useLocation();
  const expired = (location.state as { expired?: boolean } | null)?.expired === true;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    document.title = `${t('signIn.title')} · Tierdesk`;
  }, [t]);
  if (session.data) return <Navigate to={homeOf(session.data.role)} replace />;

  const error = signIn.error;
  const message =
    error instanceof ApiError && error.code === 'RATE_LIMITED'
      ? t('signIn.locked', { seconds: Number(error.details.retryAfterSeconds ?? 30) })
      : error
        ? t('signIn.failed')
        : null;
  const submit = () => {
    setMissing(!email || !password);
    if (email && password) signIn.mutate({ email, password });
  };
  return (
    <main style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', background: '#f5f7fb' }}>
      <Card style={{ width: 380 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
              {t('signIn.title')}
            </Typography.Title>
            <LanguageSwitch />
          </Space>
          <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
          {expired && !error ? <Alert type="warning" role="alert" title={t('signIn.expired')} /> : null}
          {message ? <Alert type="error" role="alert" title={message} /> : null}
          {missing ? <Alert type="error" role="alert" title={t('signIn.required')} /> : null}
          <Form layout="vertical" onFinish={submit}>
            <Form.Item label={t('signIn.email')} htmlFor="sign-in-email">
              <Input
                id="sign-in-email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Form.Item>
            <Form.Item label={t('signIn.password')} htmlFor="sign-in-password">
              <Input.Password
                id="sign-in-password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </main>
  );
}
