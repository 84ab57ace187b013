import type { z } from 'zod';
import { issuesToFieldErrors, type FieldErrors } from '../trpc/errors';

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

// Forms check input with the very schema the server uses, and report problems
// in the same { path: message } shape as server errors, so one renderer serves both.
export function validate<S extends z.ZodType>(schema: S, values: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return { ok: false, errors: issuesToFieldErrors(issues) };
}
