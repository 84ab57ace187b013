import type { NextAuthOptions } from 'next-auth';
import credentialsModule from 'next-auth/providers/credentials';
import { z } from 'zod';
import { safeAuthRedirect } from '../../components/auth/callback-url';
import { readEnv } from '../config';
import { clientAddress } from '../security/client-address';
import { endSessions } from '../users/users.service';
import { ssoEmail } from './auth.compute';
import { signInWithPassword } from './auth.service';
import { findOrCreateSsoUser } from './sso.service';

// next-auth 4 is CommonJS: Next's bundler hands us its default export, Node's
// own ESM loader (tsx: the CLI, benchmarks) the module object around it.
const CredentialsProvider = ((credentialsModule as unknown as { default?: typeof credentialsModule }).default ?? credentialsModule) as typeof credentialsModule;

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
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword(parsed.data.email, parsed.data.password, new Date(), {
          address: clientAddress(req?.headers),
        });
        if (!result.ok) return null;
        return { id: result.actor.id, email: result.actor.email, name: result.actor.name, sessionVersion: result.sessionVersion };
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
      (user as SessionUser).sessionVersion = local.sessionVersion;
      return true;
    },
    // The token carries the user id and the user's session version at sign-in:
    // role and disabled state are read from the database on every request, and
    // a token whose version is no longer the user's is refused (currentUser()).
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as SessionUser).sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv };
    },
  },
  events: {
    // Signing out ends every session of the user (the JWT cookie itself cannot
    // be recalled: a copy of it would otherwise keep working until it expires).
    async signOut({ token }) {
      if (typeof token?.sub === 'string' && typeof token.sv === 'number') await endSessions(token.sub, 'sign_out');
    },
  },
};

type SessionUser = { sessionVersion?: number };
