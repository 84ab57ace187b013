import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { ZodError } from 'zod';
import { listAuditEntries } from '@/server/audit/audit.service';
import type { RequestContext } from '@/server/lib/request-context';
import type { Role } from '@/server/lib/roles';
import { DomainError } from '@/server/errors';
import { createUser } from '@/server/users/users.service';

// Shared by the integration tests of every domain: actors, unique names, and
// assertions on how a service call failed.

export const TEST_PASSWORD = 'correct horse battery staple';
export const systemCtx: RequestContext = { actor: { kind: 'system', id: 'system', name: 'test' }, requestId: null };

export const suffix = () => randomBytes(4).toString('hex');
export const uniqueSlug = (base: string) => `${base}-${suffix()}`;

/** A new user with `role` (unique e-mail under `domain`), as a request context. */
export async function actorWith(role: Role, domain = 'runwell.test'): Promise<RequestContext> {
  const email = `${role.replaceAll('_', '-')}-${suffix()}@${domain}`;
  const user = await createUser(systemCtx, { email, name: `${role} ${suffix()}`, role, password: TEST_PASSWORD });
  return {
    actor: { kind: 'user', id: user.id, email: user.email, name: user.name, role: user.role },
    requestId: `req-${suffix()}`,
  };
}

/** Audit entries about one target, oldest first. */
export async function auditFor(targetType: string, targetId: string) {
  const { items } = await listAuditEntries(systemCtx, { targetType, targetId, limit: 200 });
  return items.reverse();
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The call fails with a DomainError of `code` (and, when given, about input `field`). */
export async function expectDomainError(promise: Promise<unknown>, code: DomainError['code'], field?: string): Promise<DomainError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (field !== undefined) expect((error as DomainError).field).toBe(field);
  return error as DomainError;
}

export async function expectIssueAt(promise: Promise<unknown>, path: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ZodError);
  expect((error as ZodError).issues.map((i) => i.path.join('.'))).toContain(path);
}
