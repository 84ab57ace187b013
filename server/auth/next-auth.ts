import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { safeAuthRedirect } from '../../components/auth/callback-url';
import { readEnv } from '../config';
import { ssoEmail } from './auth.compute';
import { signInWithPassword } from './auth.service';
import { findOrCreateSsoUser } from './sso.service';

const credentialsSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });

function oidcProvider() {
  const env = readEnv();
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: 'oidc',
      name: 'Single sign-on',
      type: 'oauth' as const,
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'] as ('pkce' | 'state')[],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? '', name: profile.name ?? profile.email ?? profile.sub };
      },
    },
  ];
}

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/signin' },
  // Cookies are Secure whenever NEXTAUTH_URL is https (next-auth's default).
  providers: [
    CredentialsProvider({
      name: 'E-mail and password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword(parsed.data.email, parsed.data.password);
        return result.ok ? { id: result.actor.id, email: result.actor.email, name: result.actor.name } : null;
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    // Every redirect next-auth makes (after sign-in or sign-out, and
    // /api/auth/signin?callbackUrl=) stays on this site, after normalisation.
    async redirect(params) {
      return safeAuthRedirect(params);
    },
    async signIn({ user, account, profile }) {
      if (account?.provider !== 'oidc') return true;
      const email = ssoEmail(profile as { email?: unknown; email_verified?: unknown } | undefined);
      if (!email) return false;
      const local = await findOrCreateSsoUser(email, user.name ?? '');
      if (!local) return false;
      user.id = local.id;
      return true;
    },
    // The token only carries the user id: role and disabled state are read from
    // the database on every request, so revoking access takes effect at once.
    async jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
