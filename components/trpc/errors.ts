import { TRPCClientError } from '@trpc/client';

// The server's errorFormatter puts zod issues in `error.data.issues` as
// [{ path: 'a.b', message }]; an empty path means the form as a whole.
export type FieldIssue = { path: string; message: string };
export type FieldErrors = Record<string, string>;

const FALLBACK = 'Something went wrong. Try again, and tell an admin if it keeps happening.';
const OFFLINE = 'Runwell could not be reached. Check your connection and try again.';

function isIssue(value: unknown): value is FieldIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldIssue).path === 'string' &&
    typeof (value as FieldIssue).message === 'string'
  );
}

/** Every message a failed call carries: one per invalid field, or one for the whole form. */
export function errorIssues(error: unknown): FieldIssue[] {
  if (error instanceof TRPCClientError) {
    const issues: unknown = (error.data as { issues?: unknown } | undefined)?.issues;
    if (Array.isArray(issues) && issues.length > 0) return issues.filter(isIssue);
    if (!error.data) return [{ path: '', message: OFFLINE }];
    return [{ path: '', message: error.message || FALLBACK }];
  }
  if (error instanceof Error && error.message) return [{ path: '', message: error.message }];
  return [{ path: '', message: FALLBACK }];
}

/** First message per field path; the key '' holds the form-level message. */
export function issuesToFieldErrors(issues: FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return errors;
}

export function fieldErrorsFrom(error: unknown): FieldErrors {
  return issuesToFieldErrors(errorIssues(error));
}

/** One line for a toast: field messages joined, or the form-level message. */
export function errorMessage(error: unknown): string {
  return errorIssues(error)
    .map((i) => i.message)
    .join(' ');
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}
