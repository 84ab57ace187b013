import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/server/security/csp';

// Runs before every page render (not for API routes or static files, see
// matcher): a fresh nonce per request, put into the request's CSP header
// (Next.js reads it there and adds it to the scripts it renders) and into the
// response's. Pages are rendered per request anyway (they read the session).
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  // The forbidden page (rendered through forbidden(), which cannot see search
  // params) shows which permission was missing.
  headers.delete('x-runwell-need');
  const need = request.nextUrl.pathname === '/forbidden' ? request.nextUrl.searchParams.get('need') : null;
  if (need) headers.set('x-runwell-need', need.slice(0, 100));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|metrics|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
