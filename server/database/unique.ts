import type { DomainError } from '../errors';

// Prisma reports a unique-constraint violation as P2002; raw SQL through pg as 23505.
function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'P2002' || code === '23505';
}

// Runs `work` and turns a unique violation into the domain's own CONFLICT error
// (e.g. "a team with slug x already exists"), so concurrent creates that both
// passed an existence check still get a clear answer.
export async function onUniqueViolation<T>(work: () => Promise<T>, conflict: () => DomainError): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
