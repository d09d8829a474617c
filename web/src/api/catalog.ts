/** The loaded catalog (levels, severities, services, names): read once, it does not change while the server runs. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, call } from './client';

export const catalogQuery = queryOptions({
  queryKey: ['catalog'],
  queryFn: () => call(api.GET('/api/v1/catalog')),
  staleTime: Infinity,
});

export function useCatalog() {
  return useQuery(catalogQuery);
}
