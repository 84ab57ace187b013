import type { Actor } from './roles';

// Who is calling and under which request id: the first argument of every service
// function. Routers, HTTP routes, the CLI and workers build one; audit rows record it.
export type RequestContext = { actor: Actor; requestId: string | null };
