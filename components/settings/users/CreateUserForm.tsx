'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '@/server/lib/roles';
import { createUserSchema } from '@/server/users/users.schema';
import { validate } from '../../forms/validate';
import { useTRPC } from '../../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Select, TextInput } from '../../ui/Field';
import { useToast } from '../../ui/Toast';
import { useInvalidateAfterChange } from '../invalidate';
import { ROLE_HINTS } from './role-hints';

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };

export function CreateUserForm() {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateAfterChange('users');
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(trpc.users.create.mutationOptions());

  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(createUserSchema, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: async (user) => {
        setValues(EMPTY);
        toast.show(`Created ${user.email} as ${ROLE_LABELS[user.role]}.`);
        await invalidate();
      },
      onError: (error) => setErrors(fieldErrorsFrom(error)),
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Create user">
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <div className="form-row">
        <TextInput label="E-mail" name="email" type="email" autoComplete="off" value={values.email} onChange={set('email')} error={errors.email} />
        <TextInput label="Name" name="name" autoComplete="off" value={values.name} onChange={set('name')} error={errors.name} />
        <Select label="Role" name="role" value={values.role} onChange={set('role')} error={errors.role} hint={ROLE_HINTS[values.role]}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </Select>
        <TextInput
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          hint="At least 12 characters. Give it to the person over a private channel."
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create user
        </Button>
      </div>
    </form>
  );
}
