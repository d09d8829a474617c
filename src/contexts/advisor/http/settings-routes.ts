/** The advisor's customer settings: overview, authorization, rules and thresholds, schedule, major events. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import type { AdvisorDeps } from '../ports.js';
import { advisorOverview } from '../use-cases/overview.js';
import { listRules, updateRule } from '../use-cases/rules.js';
import { authorizeAdvisor, revokeAdvisor, setEvents, setSchedule } from '../use-cases/settings.js';
import {
  ZAuthorizationOut,
  ZEventsIn,
  ZEventsOut,
  ZLocaleQuery,
  ZOverviewOut,
  ZRuleOut,
  ZRulePatch,
  ZScheduleIn,
  ZScheduleOut,
} from './schemas.js';

export function registerSettingsRoutes(app: App, deps: AdvisorDeps): void {
  const tags = ['advisor'];
  app.get(
    '/api/v1/accounts/:id/advisor',
    {
      schema: {
        tags,
        operationId: 'getAdvisorOverview',
        summary: 'Risk overview: open findings by dimension and severity, authorization, schedule, latest run',
        params: ZIdParam,
        response: { 200: ZOverviewOut, ...errors(403, 404) },
      },
    },
    async (req) => advisorOverview(deps, principalOf(req), req.params.id),
  );
  app.post(
    '/api/v1/accounts/:id/advisor/authorization',
    {
      schema: {
        tags,
        operationId: 'authorizeAdvisor',
        summary: 'Authorize the advisor to analyse the account’s resources (owner); data is kept one month',
        params: ZIdParam,
        response: { 200: ZAuthorizationOut, ...errors(403, 404) },
      },
    },
    async (req) => authorizeAdvisor(deps, principalOf(req), req.params.id),
  );
  app.delete(
    '/api/v1/accounts/:id/advisor/authorization',
    {
      schema: {
        tags,
        operationId: 'revokeAdvisorAuthorization',
        summary: 'Withdraw the authorization (owner): runs are refused and the schedule stops',
        params: ZIdParam,
        response: { 200: ZAuthorizationOut, ...errors(403, 404) },
      },
    },
    async (req) => revokeAdvisor(deps, principalOf(req), req.params.id),
  );
  app.get(
    '/api/v1/accounts/:id/advisor/rules',
    {
      schema: {
        tags,
        operationId: 'listAdvisorRules',
        summary: 'The checks for the account’s level: enabled, thresholds, available',
        params: ZIdParam,
        querystring: ZPageQuery.extend({
          pageSize: ZPageQuery.shape.pageSize.unwrap().default(100),
          locale: ZLocaleQuery,
        }),
        response: { 200: ZPageOf(ZRuleOut), ...errors(403, 404) },
      },
    },
    async (req) => {
      const { locale, ...page } = req.query;
      return listRules(deps, principalOf(req), req.params.id, page, locale);
    },
  );
  app.patch(
    '/api/v1/accounts/:id/advisor/rules/:ruleId',
    {
      schema: {
        tags,
        operationId: 'updateAdvisorRule',
        summary: 'Switch a check off or on, or change its thresholds (owner); takes effect on the next run',
        params: ZIdParam.extend({ ruleId: z.string().min(1).max(100) }),
        querystring: z.object({ locale: ZLocaleQuery }),
        body: ZRulePatch,
        response: { 200: ZRuleOut, ...errors(403, 404) },
      },
    },
    async (req) => updateRule(deps, principalOf(req), req.params.id, req.params.ruleId, req.body, req.query.locale),
  );
  app.put(
    '/api/v1/accounts/:id/advisor/schedule',
    {
      schema: {
        tags,
        operationId: 'setAdvisorSchedule',
        summary: 'Automatic checks every day or week at a time in the account’s zone, results mailed (owner)',
        params: ZIdParam,
        body: ZScheduleIn,
        response: { 200: ZScheduleOut, ...errors(403, 404) },
      },
    },
    async (req) => setSchedule(deps, principalOf(req), req.params.id, req.body),
  );
  app.put(
    '/api/v1/accounts/:id/advisor/events',
    {
      schema: {
        tags,
        operationId: 'setAdvisorEvents',
        summary: 'The account’s planned major events (owner), for the event-protection baseline check',
        params: ZIdParam,
        body: ZEventsIn,
        response: { 200: ZEventsOut, ...errors(403, 404) },
      },
    },
    async (req) => setEvents(deps, principalOf(req), req.params.id, req.body.events),
  );
}
