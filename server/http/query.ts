import { z } from 'zod';

// Query-parameter schemas several REST routes share (server/http/rest.ts).

/** ?overdue=true|false */
export const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** ?page=N&pageSize=M of a paged list (1-based; at most 200 a page). */
export const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
