import type { RequestContext } from './request-context';
import { DomainError } from '../errors';
import { can, type Action } from './roles';

// The service-level gate (routers check too, but the CLI and workers call
// services directly): refuses with a message that says who may do it.
export function authorize(ctx: RequestContext, action: Action, refusal: string): void {
  if (!can(ctx.actor, action)) throw new DomainError('FORBIDDEN', refusal);
}
