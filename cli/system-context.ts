import type { RequestContext } from '@/server/audit/audit.service';

// The CLI acts as the system, on behalf of whoever runs it on the host.
export function systemContext(name: string): RequestContext {
  return { actor: { kind: 'system', id: 'system', name }, requestId: null };
}
