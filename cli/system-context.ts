import type { RequestContext } from '@/server/lib/request-context';

// The CLI acts as the system, on behalf of whoever runs it on the host.
export function systemContext(name: string): RequestContext {
  return { actor: { kind: 'system', id: 'system', name }, requestId: null };
}
