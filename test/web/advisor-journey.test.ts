/**
 * R-OA-2 and R-UI-1 in Chromium: the customer's owner authorizes the advisor, runs the checks, reads the risks by
 * dimension and the findings, switches a check off and changes a threshold, sets weekly automatic checks, opens a
 * check from the history and downloads the export; a member reads the same in Chinese; a TAM reads the account's
 * findings in the staff workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWithLogin, journey, pick, staffWithLogin, startConsole, type ConsoleEnv } from './support/browser.js';
import { createIntegration, hourly, resource } from '../support/advisor.js';

const PASSWORD = 'correct horse battery staple';
const NOW = '2026-01-01T00:00:00.000Z';

describe('console: the optimization advisor', () => {
  let env: ConsoleEnv;
  let accountId: string;
  beforeAll(async () => {
    env = await startConsole('advisor-journey');
    ({ accountId } = await customerWithLogin(env, {
      email: 'owner@shop.example',
      password: PASSWORD,
      level: 'business',
      name: 'Shop Ltd',
    }));
    const integration = await createIntegration(env.t);
    const cloud = env.t.as(integration.token);
    const put = await cloud.post('/api/v1/resources', {
      resources: [
        resource(accountId, { id: 'web-1', type: 'ecs', name: 'web-1', attributes: { securityGroups: ['sg-1'] } }, NOW),
        resource(
          accountId,
          {
            id: 'sg-1',
            type: 'security_group',
            attributes: { rules: [{ direction: 'ingress', protocol: 'tcp', port: 22, source: '0.0.0.0/0' }] },
          },
          NOW,
        ),
        resource(accountId, { id: 'eip-1', type: 'eip', attributes: { boundTo: null } }, NOW),
      ],
    });
    expect(put.status).toBe(200);
    expect((await cloud.post('/api/v1/metrics', { samples: hourly('web-1', 'cpu_util', NOW, 48, 91) })).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the owner authorizes, runs the checks, tunes the rules, schedules weekly checks and exports', async () => {
    await journey(env, 'owner', {}, async (j) => {
      const page = j.page;
      await j.signIn('owner@shop.example', PASSWORD);
      await page.getByRole('link', { name: 'Optimization advisor' }).click();
      await page.getByRole('heading', { name: 'Optimization advisor', level: 1 }).waitFor();
      await page.getByText(/needs your authorization to analyse your cloud resources/).waitFor();
      expect(await page.getByRole('button', { name: 'Run checks now' }).isDisabled()).toBe(true);
      await j.shot('authorize');
      await j.axe('advisor-authorize');
      await page.getByRole('button', { name: 'Authorize' }).click();
      await page.getByText(/^Authorized on /).waitFor();
      await page.getByRole('button', { name: 'Run checks now' }).click();
      await page.getByRole('status').filter({ hasText: 'Check completed: 4 risks.' }).waitFor();
      const risks = page.getByRole('region', { name: 'Risks by dimension' });
      await expect
        .poll(async () => (await risks.getByRole('row', { name: /^Security/ }).textContent()) ?? '')
        .toContain('1');
      expect(await risks.getByRole('row', { name: /^Cost/ }).getByRole('cell').nth(3).textContent()).toBe('1');
      await j.shot('overview', { readme: 'customer-advisor' });
      await j.axe('advisor-overview');

      await page.getByRole('navigation', { name: 'Advisor sections' }).getByRole('link', { name: 'Findings' }).click();
      await page.getByText('Sustained high CPU on web-1').waitFor();
      await pick(page, 'Dimension', 'Security');
      await page.getByText('Security group sg-1 opens port 22 to 0.0.0.0/0').waitFor();
      await expect.poll(() => page.getByText('Sustained high CPU on web-1').count()).toBe(0);
      await j.shot('findings-security');
      await j.axe('advisor-findings');

      await page.getByRole('link', { name: 'Rules and thresholds' }).click();
      const eip = page.getByRole('switch', { name: 'Enabled: Unbound EIP' });
      await eip.waitFor();
      await eip.click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await expect.poll(() => eip.getAttribute('aria-checked')).toBe('false');
      const cpu = page.getByRole('spinbutton', { name: 'Sustained high ECS CPU utilisation: Threshold (%)' });
      await cpu.fill('95');
      await page.getByRole('button', { name: 'Save thresholds: Sustained high ECS CPU utilisation' }).click();
      await expect
        .poll(
          async () =>
            (await env.t.api.get(`/api/v1/accounts/${accountId}/advisor/rules`)).body.items.find(
              (r: { id: string }) => r.id === 'ecs-cpu-high',
            )!.thresholds.percent,
        )
        .toBe(95);
      expect(await page.getByRole('switch', { name: 'Enabled: Sustained high ECS CPU utilisation' }).isDisabled()).toBe(
        false,
      );
      await j.shot('rules');
      await j.axe('advisor-rules');

      await page.getByRole('link', { name: 'Automatic checks' }).click();
      await page.getByRole('switch', { name: 'Automatic checks' }).click();
      await pick(page, 'Frequency', 'Every week');
      await pick(page, 'Day of the week', 'Monday');
      await page.getByLabel('Time').fill('09:30');
      await page.getByLabel('Send results to').fill('sre@shop.example');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/^Next check: /).waitFor();
      const schedule = (await env.t.api.get(`/api/v1/accounts/${accountId}/advisor`)).body.schedule;
      expect(schedule).toMatchObject({
        enabled: true,
        every: 'week',
        weekday: 1,
        at: '09:30',
        email: 'sre@shop.example',
        nextRunAt: '2026-01-05T01:30:00.000Z',
      });
      await j.shot('schedule');
      await j.axe('advisor-schedule');

      // The second check sees the raised threshold and the switched-off rule: two risks resolved.
      await page.getByRole('link', { name: 'Risk overview' }).click();
      await page.getByRole('button', { name: 'Run checks now' }).click();
      await page.getByRole('status').filter({ hasText: 'Check completed: 2 risks.' }).waitFor();
      await page.getByRole('link', { name: 'History' }).click();
      const views = page.getByRole('link', { name: /^View the check of / });
      await expect.poll(() => views.count()).toBe(2);
      await views.last().click();
      await page.getByRole('heading', { name: /^Check of / }).waitFor();
      await page.getByText('Sustained high CPU on web-1').waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Export Excel' }).click();
      expect((await download).suggestedFilename()).toMatch(/^advisor-findings-.*\.xlsx$/);
      await j.shot('run');
      await j.axe('advisor-run');
    });
  });

  it('a member reads the advisor in Chinese and cannot change it', async () => {
    const member = await env.t.api.post(`/api/v1/accounts/${accountId}/users`, {
      name: '李雷',
      email: 'li@shop.example',
      role: 'customer_member',
      password: PASSWORD,
    });
    expect(member.status).toBe(201);
    await journey(env, 'member-zh', { locale: 'zh-CN' }, async (j) => {
      const page = j.page;
      await j.signIn('li@shop.example', PASSWORD, { locale: 'zh-CN' });
      await page.getByRole('link', { name: '优化顾问' }).click();
      await page.getByRole('region', { name: '各维度风险' }).waitFor();
      expect(await page.getByRole('button', { name: '撤销授权' }).count()).toBe(0);
      await page.getByRole('link', { name: '风险项' }).click();
      await page.getByText('安全组 sg-1 对 0.0.0.0/0 开放端口 22').waitFor();
      await page.getByRole('link', { name: '检查规则' }).click();
      await page.getByText('仅账号所有者可修改检查规则和自动巡检。').waitFor();
      expect(await page.getByRole('switch', { name: '启用：未绑定的弹性公网 IP' }).isDisabled()).toBe(true);
      await j.shot('rules-zh');
      await j.axe('advisor-rules-zh');
    });
  });

  it('a TAM reads the account’s findings in the staff workspace', async () => {
    await staffWithLogin(env, { role: 'tam', email: 'tam@provider.example', password: PASSWORD, name: 'Zhang San' });
    await journey(env, 'staff', {}, async (j) => {
      const page = j.page;
      await j.signIn('tam@provider.example', PASSWORD);
      await page.getByRole('link', { name: 'Accounts', exact: true }).click();
      await page.getByRole('link', { name: 'Optimization advisor: Shop Ltd' }).click();
      await page.getByRole('heading', { name: 'Optimization advisor: Shop Ltd' }).waitFor();
      await page.getByText('Security group sg-1 opens port 22 to 0.0.0.0/0').waitFor();
      await page.getByRole('region', { name: 'Risks by dimension' }).waitFor();
      await j.shot('staff-findings');
      await j.axe('staff-advisor');
    });
  });
});
