'use client';

import type { FieldErrors } from '@/components/trpc/errors';
import { TextInput, Textarea } from '@/components/ui/Field';

type Identity = { slug: string; name: string; description: string };
type OnChange = (event: { target: { value: string } }) => void;

/** Slug, name and description: how teams and services are named, with the same labels and hints in both forms. */
export function IdentityFields({ values, errors, set }: { values: Identity; errors: FieldErrors; set: (field: keyof Identity) => OnChange }) {
  return (
    <>
      <div className="form-row">
        <TextInput
          label="Slug"
          hint="Lowercase, used in URLs and alert labels"
          value={values.slug}
          onChange={set('slug')}
          error={errors.slug}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextInput label="Name" value={values.name} onChange={set('name')} error={errors.name} autoComplete="off" required />
      </div>
      <Textarea label="Description" value={values.description} onChange={set('description')} error={errors.description} rows={3} />
    </>
  );
}
