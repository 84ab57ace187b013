import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestContext } from '@/server/lib/request-context';
import { createToken } from '@/server/tokens/tokens.service';
import { createUser } from '@/server/users/users.service';

// Serves the real Next route handler of the Alertmanager webhook on loopback, so
// a real Alertmanager (or a load generator) can deliver to it in-process.
export async function serveWebhook(port = 0): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const { POST } = await import('@/app/api/webhooks/alertmanager/route');
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    try {
      const response = req.url?.startsWith('/api/webhooks/alertmanager') && req.method === 'POST' ? await POST(request) : new Response('not found', { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/api/webhooks/alertmanager`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'test' }, requestId: null };

export async function alertsToken(tag: string, scopes: ('alerts' | 'read')[] = ['alerts']): Promise<string> {
  const user = await createUser(system, { email: `${tag}-${Date.now()}@alerts.test`, name: tag, role: 'admin', password: 'correct horse battery staple' });
  const ctx: RequestContext = { actor: { kind: 'user', id: user.id, email: user.email, name: user.name, role: user.role }, requestId: null };
  const { secret } = await createToken(ctx, { name: `${tag}-alertmanager`, scopes });
  return secret;
}
