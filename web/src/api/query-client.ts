/**
 * The console's one query cache. A module of its own so route loaders (which run before their page renders) can
 * start a page's requests as soon as its chunk is in, instead of after the frame has rendered.
 */
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});
