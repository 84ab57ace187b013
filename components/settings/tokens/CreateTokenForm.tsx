'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { TOKEN_SCOPES, type TokenScope } from '@/server/lib/roles';
import { createTokenSchema, type TokenDto } from '@/server/tokens/tokens.schema';
import { validate } from '../../forms/validate';
import { useTRPC } from '../../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Checkbox, Fieldset, TextInput } from '../../ui/Field';
import { useInvalidateAfterChange } from '../invalidate';
import { SCOPE_HINTS } from './scope-hints';

const DEFAULT_EXPIRY_DAYS = '90';

type CreateTokenFormProps = { onCreated: (created: { token: TokenDto; secret: string }) => void };

export function CreateTokenForm({ onCreated }: CreateTokenFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAfterChange('tokens');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY_DAYS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(trpc.tokens.create.mutationOptions());

  function toggle(scope: TokenScope, on: boolean) {
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // Empty means "never expires"; anything else must be a whole number of days.
    const expiresInDays = expiry.trim() === '' ? null : Number(expiry);
    const checked = validate(createTokenSchema, { name, scopes: TOKEN_SCOPES.filter((s) => scopes.includes(s)), expiresInDays });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: async (created) => {
        setName('');
        setScopes([]);
        setExpiry(DEFAULT_EXPIRY_DAYS);
        onCreated(created);
        await invalidate();
      },
      onError: (error) => setErrors(fieldErrorsFrom(error)),
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Create token">
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <div className="form-row">
        <TextInput
          label="Name"
          name="name"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          hint="Say who uses it, e.g. “alertmanager-prod” or “ci-readiness”."
        />
        <TextInput
          label="Expires after (days)"
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          error={errors.expiresInDays}
          hint="Leave empty for a token that never expires."
        />
      </div>
      <Fieldset legend="Scopes" error={errors.scopes} hint="Give each token only what it needs.">
        <div className="checks">
          {TOKEN_SCOPES.map((scope) => (
            <Checkbox
              key={scope}
              name="scopes"
              value={scope}
              checked={scopes.includes(scope)}
              onChange={(e) => toggle(scope, e.target.checked)}
              label={
                <>
                  <strong>{scope}</strong> <span className="muted">— {SCOPE_HINTS[scope]}</span>
                </>
              }
            />
          ))}
        </div>
      </Fieldset>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create token
        </Button>
      </div>
    </form>
  );
}
