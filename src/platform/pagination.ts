/** Lists: ?page=1&pageSize=10 → { items, page, pageSize, total } (API conventions). */
import { z } from 'zod';

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export function pageOf<T>(items: T[], query: TPageQuery, total: number): Page<T> {
  return { items, page: query.page, pageSize: query.pageSize, total };
}

export function ZPageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

/** A page of a short list read whole (an account's links, the holiday calendars, a request's deliverables). */
export function pageInMemory<T>(all: readonly T[], query: TPageQuery): Page<T> {
  const start = (query.page - 1) * query.pageSize;
  return pageOf(all.slice(start, start + query.pageSize), query, all.length);
}
