import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { originOf, safeCallbackUrl } from '@/components/auth/callback-url';
import { SIGN_IN_FAILED, SignInForm } from '@/components/auth/SignInForm';
import { authOptions } from '@/server/auth/next-auth';
import { currentUser } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;

// Errors next-auth reports by redirecting here with ?error=. Credentials
// failures get the one generic message; SSO failures say SSO failed.
function messageFor(error: string | string[] | undefined): string | null {
  const code = Array.isArray(error) ? error[0] : error;
  if (!code) return null;
  if (code === 'CredentialsSignin') return SIGN_IN_FAILED;
  if (code === 'AccessDenied') return 'Single sign-on worked, but this account may not use Runwell. Ask an admin for access.';
  if (code === 'SessionRequired') return null;
  return 'Single sign-on failed. Try again, or sign in with your e-mail and password.';
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const target = safeCallbackUrl(params.callbackUrl, originOf(process.env.NEXTAUTH_URL));
  if (await currentUser()) redirect(target);
  // The SSO button appears only when the OIDC provider is configured (server/auth/next-auth.ts).
  const sso = authOptions.providers.some((provider) => provider.id === 'oidc');

  return (
    <main className="center-page">
      <div className="center-card">
        <div className="stack">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              R
            </span>
            Runwell
          </span>
          <h1>Sign in</h1>
        </div>
        <SignInForm callbackUrl={target} sso={sso} initialError={messageFor(params.error)} />
      </div>
    </main>
  );
}
