import { notFound } from 'next/navigation';
import { ZodError } from 'zod';
import { DomainError } from '@/server/errors';

/**
 * For detail pages: what `load` returns, or the 404 page (status 404) when the
 * object does not exist or its id is not even well-formed. Other errors stay
 * errors (500 with the request id).
 */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if ((error instanceof DomainError && error.code === 'NOT_FOUND') || error instanceof ZodError) notFound();
    throw error;
  }
}
