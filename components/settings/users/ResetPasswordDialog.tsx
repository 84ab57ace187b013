'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { UserDto } from '@/server/users/users.schema';
import { resetPasswordSchema } from '@/server/users/users.schema';
import { validate } from '../../forms/validate';
import { useTRPC } from '../../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextInput } from '../../ui/Field';
import { useToast } from '../../ui/Toast';
import { useInvalidateAfterChange } from '../invalidate';

export function ResetPasswordDialog({ user, onClose }: { user: UserDto | null; onClose: () => void }) {
  return (
    <Dialog open={user !== null} onClose={onClose} title={user ? `Reset password for ${user.email}` : 'Reset password'}>
      {user && <ResetPasswordForm user={user} onDone={onClose} />}
    </Dialog>
  );
}

function ResetPasswordForm({ user, onDone }: { user: UserDto; onDone: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateAfterChange('users');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(resetPasswordSchema, { id: user.id, password });
    if (!checked.ok) return setErrors(checked.errors);
    reset.mutate(checked.data, {
      onSuccess: async () => {
        toast.show(`Password reset for ${user.email}.`);
        onDone();
        await invalidate();
      },
      onError: (error) => setErrors(fieldErrorsFrom(error)),
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {(errors[''] || errors.id) && <Alert tone="danger">{errors[''] ?? errors.id}</Alert>}
      <p className="muted">The new password works at once. Give it to {user.name || user.email} over a private channel.</p>
      <TextInput
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint="At least 12 characters."
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={reset.isPending}>
          Reset password
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
