/** Tickets, the conversation and the staff queue (tickets context). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { paths } from './schema';

type Body<P extends keyof paths, M extends 'post'> = paths[P][M] extends { requestBody?: infer B }
  ? B extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never;
export type OpenTicketBody = Body<'/api/v1/tickets', 'post'>;
export type TicketQuery = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>;
export type QueueQuery = NonNullable<paths['/api/v1/queue']['get']['parameters']['query']>;

export function useTickets(query: TicketQuery) {
  return useQuery({
    queryKey: ['tickets', query],
    queryFn: () => call(api.GET('/api/v1/tickets', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useQueue(query: QueueQuery) {
  return useQuery({
    queryKey: ['queue', query],
    queryFn: () => call(api.GET('/api/v1/queue', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useTicket(id: string | undefined) {
  return useQuery({
    queryKey: ['ticket', id],
    enabled: !!id,
    queryFn: () => call(api.GET('/api/v1/tickets/{id}', { params: { path: { id: id! } } })),
  });
}

export function useOpenTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenTicketBody) => call(api.POST('/api/v1/tickets', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      void qc.invalidateQueries({ queryKey: ['plan'] });
    },
  });
}

function useTicketMutation<A>(fn: (id: string, arg: A) => Promise<unknown>, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (arg: A) => fn(id, arg),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['ticket', id] });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      void qc.invalidateQueries({ queryKey: ['queue'] });
    },
  });
}

export const useReply = (id: string) =>
  useTicketMutation(
    (tid, body: { body: string; internal?: boolean }) =>
      call(api.POST('/api/v1/tickets/{id}/replies', { params: { path: { id: tid } }, body })),
    id,
  );
export const useChangeStatus = (id: string) =>
  useTicketMutation(
    (tid, body: { status: 'open' | 'in_progress' | 'waiting_for_customer' | 'resolved' | 'closed'; reason?: string }) =>
      call(api.POST('/api/v1/tickets/{id}/status', { params: { path: { id: tid } }, body })),
    id,
  );
export const useRate = (id: string) =>
  useTicketMutation(
    (tid, body: { stars: number; comment?: string }) =>
      call(api.POST('/api/v1/tickets/{id}/rating', { params: { path: { id: tid } }, body })),
    id,
  );
export const useAssign = (id: string) =>
  useTicketMutation(
    (tid, assigneeId: string) =>
      call(api.POST('/api/v1/tickets/{id}/assign', { params: { path: { id: tid } }, body: { assigneeId } })),
    id,
  );
export const useRegrade = (id: string) =>
  useTicketMutation(
    (tid, body: { severity: string; reason: string }) =>
      call(api.POST('/api/v1/tickets/{id}/severity', { params: { path: { id: tid } }, body })),
    id,
  );
