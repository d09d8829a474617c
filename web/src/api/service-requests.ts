/** Service requests (服务单): list, apply, workflow, deliverables, evaluation. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { paths } from './schema';

export type ApplyBody = paths['/api/v1/service-requests']['post'] extends {
  requestBody: { content: { 'application/json': infer J } };
}
  ? J
  : never;
type Move = 'accept' | 'complete' | 'reject' | 'withdraw';

export function useServiceRequests(query: { page: number; accountId?: string; status?: string }) {
  return useQuery({
    queryKey: ['service-requests', query],
    queryFn: () => call(api.GET('/api/v1/service-requests', { params: { query: { pageSize: 10, ...query } } })),
    placeholderData: keepPreviousData,
  });
}

/** Today in the account's zone and each offered service's earliest allowed start (the form pre-fills it). */
export function useServiceRequestStarts(accountId: string | undefined) {
  return useQuery({
    queryKey: ['service-request-starts', accountId],
    enabled: !!accountId,
    queryFn: () =>
      call(api.GET('/api/v1/accounts/{id}/service-request-starts', { params: { path: { id: accountId! } } })),
  });
}

export function useServiceRequest(id: string | undefined) {
  return useQuery({
    queryKey: ['service-request', id],
    enabled: !!id,
    queryFn: () => call(api.GET('/api/v1/service-requests/{id}', { params: { path: { id: id! } } })),
  });
}

export function useDeliverables(id: string | undefined) {
  return useQuery({
    queryKey: ['deliverables', id],
    enabled: !!id,
    queryFn: () =>
      call(
        api.GET('/api/v1/service-requests/{id}/deliverables', {
          params: { path: { id: id! }, query: { page: 1, pageSize: 100 } },
        }),
      ),
  });
}

export function useApply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyBody) => call(api.POST('/api/v1/service-requests', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['service-requests'] });
      void qc.invalidateQueries({ queryKey: ['plan'] });
    },
  });
}

export function useMoveServiceRequest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: Move; reason?: string }) => {
      const opts = { params: { path: { id } }, body: reason ? { reason } : {} };
      switch (action) {
        case 'accept':
          return call(api.POST('/api/v1/service-requests/{id}/accept', opts));
        case 'complete':
          return call(api.POST('/api/v1/service-requests/{id}/complete', opts));
        case 'reject':
          return call(api.POST('/api/v1/service-requests/{id}/reject', opts));
        case 'withdraw':
          return call(api.POST('/api/v1/service-requests/{id}/withdraw', opts));
      }
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['service-request', id] });
      void qc.invalidateQueries({ queryKey: ['service-requests'] });
    },
  });
}

export function useEvaluate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { responseSpeed: number; deliverableQuality: number; feedback?: string }) =>
      call(api.POST('/api/v1/service-requests/{id}/evaluation', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['service-request', id] }),
  });
}

export function useAddDeliverable(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { filename: string; contentType: string; contentBase64: string }) =>
      call(api.POST('/api/v1/service-requests/{id}/deliverables', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['deliverables', id] }),
  });
}

/** Staff move a submitted or processing request: a new start and/or delivery method (an on-site visit goes remote). */
export function useReschedule(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { start?: string; deliveryMethod?: 'email' | 'online' | 'onsite'; reason: string }) =>
      call(api.POST('/api/v1/service-requests/{id}/reschedule', { params: { path: { id } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['service-request', id] });
      void qc.invalidateQueries({ queryKey: ['service-requests'] });
    },
  });
}
