'use client';

import { signIn } from 'next-auth/react';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextInput } from '../ui/Field';

// One message for every failure (unknown e-mail, wrong password, disabled or
// locked account), so the form never reveals which accounts exist.
export const SIGN_IN_FAILED = 'E-mail or password is incorrect.';

type SignInFormProps = { callbackUrl: string; sso: boolean; initialError?: string | null };

export function SignInForm({ callbackUrl, sso, initialError = null }: SignInFormProps) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (!result || result.error) throw new Error(SIGN_IN_FAILED);
      // A full load, so that server components see the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError(SIGN_IN_FAILED);
      setBusy(false);
      if (passwordRef.current) {
        passwordRef.current.value = '';
        passwordRef.current.focus();
      }
    }
  }

  return (
    <>
      {error && <Alert tone="danger">{error}</Alert>}
      <form className="form" onSubmit={onSubmit}>
        <TextInput label="E-mail" name="email" type="email" autoComplete="username" required autoFocus />
        <TextInput ref={passwordRef} label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" variant="primary" block busy={busy}>
          Sign in
        </Button>
      </form>
      {sso && (
        <>
          <p className="divider">or</p>
          <Button block onClick={() => void signIn('oidc', { callbackUrl })}>
            Single sign-on
          </Button>
        </>
      )}
    </>
  );
}
