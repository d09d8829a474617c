/** The optimization advisor (优化顾问, R-OA): overview, authorization, rules, runs, findings, schedule. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';

export const DIMENSIONS = ['performance', 'security', 'reliability', 'cost', 'service_baseline'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const SEVERITIES = ['high', 'medium', 'low'] as const;

const path = (id: string) => ({ params: { path: { id } } });

export function useAdvisorOverview(accountId: string | undefined) {
  return useQuery({
    queryKey: ['advisor', accountId, 'overview'],
    enabled: !!accountId,
    queryFn: () => call(api.GET('/api/v1/accounts/{id}/advisor', path(accountId!))),
  });
}

export function useAdvisorRules(accountId: string | undefined, locale: string) {
  return useQuery({
    queryKey: ['advisor', accountId, 'rules', locale],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/advisor/rules', {
          params: { path: { id: accountId! }, query: { pageSize: 100, locale: locale as 'en-US' } },
        }),
      ),
  });
}

export interface FindingQuery {
  page: number;
  dimension?: Dimension | undefined;
  status?: 'open' | 'resolved' | 'all' | undefined;
  runId?: string | undefined;
  locale: string;
}

export function useAdvisorFindings(accountId: string | undefined, q: FindingQuery) {
  return useQuery({
    queryKey: ['advisor', accountId, 'findings', q],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/advisor/findings', {
          params: {
            path: { id: accountId! },
            query: {
              page: q.page,
              pageSize: 20,
              locale: q.locale as 'en-US',
              ...(q.dimension ? { dimension: q.dimension } : {}),
              ...(q.status ? { status: q.status } : {}),
              ...(q.runId ? { runId: q.runId } : {}),
            },
          },
        }),
      ),
  });
}

/** The export link (the session cookie authorizes the download). */
export function exportUrl(
  accountId: string,
  format: 'csv' | 'xlsx',
  q: { locale: string; runId?: string; status?: string },
) {
  const params = new URLSearchParams({ format, locale: q.locale, status: q.status ?? (q.runId ? 'all' : 'open') });
  if (q.runId) params.set('runId', q.runId);
  return `/api/v1/accounts/${encodeURIComponent(accountId)}/advisor/findings?${params.toString()}`;
}

export function useAdvisorRuns(accountId: string | undefined, page: number) {
  return useQuery({
    queryKey: ['advisor', accountId, 'runs', page],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/advisor/runs', {
          params: { path: { id: accountId! }, query: { page, pageSize: 10 } },
        }),
      ),
  });
}

export function useAdvisorRun(accountId: string | undefined, runId: string | undefined) {
  return useQuery({
    queryKey: ['advisor', accountId, 'run', runId],
    enabled: !!accountId && !!runId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/advisor/runs/{runId}', { params: { path: { id: accountId!, runId: runId! } } }),
      ),
  });
}

function useAdvisorMutation<V, R>(accountId: string | undefined, fn: (id: string, v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => fn(accountId!, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['advisor', accountId] }),
  });
}

export function useAuthorizeAdvisor(accountId: string | undefined) {
  return useAdvisorMutation(accountId, (id, authorize: boolean) =>
    authorize
      ? call(api.POST('/api/v1/accounts/{id}/advisor/authorization', path(id)))
      : call(api.DELETE('/api/v1/accounts/{id}/advisor/authorization', path(id))),
  );
}

export function useStartAdvisorRun(accountId: string | undefined) {
  return useAdvisorMutation(accountId, (id, _v: void) =>
    call(api.POST('/api/v1/accounts/{id}/advisor/runs', path(id))),
  );
}

export function useUpdateAdvisorRule(accountId: string | undefined) {
  return useAdvisorMutation(
    accountId,
    (id, v: { ruleId: string; enabled?: boolean; thresholds?: Record<string, number | null> }) =>
      call(
        api.PATCH('/api/v1/accounts/{id}/advisor/rules/{ruleId}', {
          params: { path: { id, ruleId: v.ruleId } },
          body: {
            ...(v.enabled !== undefined ? { enabled: v.enabled } : {}),
            ...(v.thresholds ? { thresholds: v.thresholds } : {}),
          },
        }),
      ),
  );
}

export function useSetAdvisorSchedule(accountId: string | undefined) {
  return useAdvisorMutation(
    accountId,
    (id, body: { enabled: boolean; every: 'day' | 'week'; at: string; weekday: number; email: string | null }) =>
      call(api.PUT('/api/v1/accounts/{id}/advisor/schedule', { params: { path: { id } }, body })),
  );
}
