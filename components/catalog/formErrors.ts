import { errorCode, fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';

// A CONFLICT on create/update of a team or service can only be a taken slug, so
// it is shown under the Slug field, where the person will fix it.
export function catalogFieldErrors(error: unknown): FieldErrors {
  const errors = fieldErrorsFrom(error);
  if (errorCode(error) === 'CONFLICT' && errors['']) return { slug: errors[''] };
  return errors;
}
