/** Incidents and platform changes (优护计划): list, detail with updates, publish, post an update (staff). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { paths } from './schema';

export type PublishIncidentBody = paths['/api/v1/incidents']['post'] extends {
  requestBody: { content: { 'application/json': infer J } };
}
  ? J
  : never;

export function useIncidents() {
  return useQuery({
    queryKey: ['incidents'],
    queryFn: () => call(api.GET('/api/v1/incidents', { params: { query: { page: 1, pageSize: 50 } } })),
  });
}

export function useIncident(id: string | undefined) {
  return useQuery({
    queryKey: ['incident', id],
    enabled: !!id,
    queryFn: () => call(api.GET('/api/v1/incidents/{id}', { params: { path: { id: id! } } })),
  });
}

export function usePublishIncident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishIncidentBody) => call(api.POST('/api/v1/incidents', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['incidents'] }),
  });
}

export function usePostIncidentUpdate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: { 'zh-CN': string; 'en-US': string }; resolve?: boolean }) =>
      call(api.POST('/api/v1/incidents/{id}/updates', { params: { path: { id } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['incidents'] });
      void qc.invalidateQueries({ queryKey: ['incident', id] });
    },
  });
}
