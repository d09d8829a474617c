/** Monthly service reports (reports context, R-RPT): an account's list, the staff schedule, regenerate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';

export type ScheduleStatus = 'scheduled' | 'generated' | 'sent' | 'failed';

export function useReports(accountId: string | undefined, page: number) {
  return useQuery({
    queryKey: ['reports', accountId, page],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/reports', {
          params: { path: { id: accountId! }, query: { page, pageSize: 12 } },
        }),
      ),
  });
}

/** The report's page and PDF: plain GETs the session cookie authorizes (an iframe and a download link). */
export const reportHtmlUrl = (id: string) => `/api/v1/reports/${encodeURIComponent(id)}/html`;
export const reportPdfUrl = (id: string) => `/api/v1/reports/${encodeURIComponent(id)}/pdf`;

export function useReportSchedule(query: { month?: string; status?: ScheduleStatus; page: number }) {
  return useQuery({
    queryKey: ['report-schedule', query],
    queryFn: () =>
      call(
        api.GET('/api/v1/reports/schedule', {
          params: {
            query: {
              page: query.page,
              pageSize: 20,
              ...(query.month ? { month: query.month } : {}),
              ...(query.status ? { status: query.status } : {}),
            },
          },
        }),
      ),
  });
}

export function useRegenerateReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { accountId: string; month: string; mail: boolean }) =>
      call(
        api.POST('/api/v1/accounts/{id}/reports/{month}/regenerate', {
          params: { path: { id: v.accountId, month: v.month } },
          body: { mail: v.mail },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['report-schedule'] }),
        qc.invalidateQueries({ queryKey: ['reports'] }),
      ]),
  });
}
