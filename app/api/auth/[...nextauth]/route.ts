import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/next-auth';

// Public by nature: this is where people sign in.
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
