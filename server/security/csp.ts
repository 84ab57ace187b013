// The Content-Security-Policy of every page. Scripts run only with the
// per-request nonce (Next.js puts it on its own scripts when it finds it in
// the request's CSP header; see proxy.ts) or when loaded by such a script
// ('strict-dynamic'). Styles allow inline attributes: charts and layout set
// style="" attributes, which cannot carry a nonce, and styles cannot run code.
export function contentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
