import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '@/server/clusters/clusters.service';
import { buildInfo, PrometheusError } from '@/server/integrations/prometheus/client';
import { KubeconfigRefusedError, loadKubeconfig } from '@/server/integrations/kubernetes/client';
import { networkSenders } from '@/server/paging/senders';

// Issue 10 #6, as the attack review did it: clusters.test and dataSources.test
// reached 169.254.169.254 and [::ffff:127.0.0.1], and their messages told
// refused, reset and open ports apart. Every server-side request path is tried
// here: Prometheus (data sources, SLI sampler), Kubernetes (cluster test,
// collectors), webhooks (notification channels). Before the guard these reached
// out (and timed out after seconds, or answered with the socket's own words).

const METADATA_URLS = ['http://169.254.169.254', 'http://[::ffff:169.254.169.254]', 'http://[::ffff:a9fe:a9fe]', 'http://[fd00:ec2::254]'];

const saved = { private: process.env.RUNWELL_OUTBOUND_PRIVATE, allow: process.env.RUNWELL_OUTBOUND_ALLOW };
afterEach(() => {
  for (const [key, value] of [
    ['RUNWELL_OUTBOUND_PRIVATE', saved.private],
    ['RUNWELL_OUTBOUND_ALLOW', saved.allow],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

let closedPort: number;
let resetServer: net.Server;
let plainHttp: http.Server;
let pathsHit: string[] = [];

beforeAll(async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  resetServer = net.createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((r) => resetServer.listen(0, '127.0.0.1', r));
  plainHttp = http.createServer((req, res) => {
    pathsHit.push(req.url ?? '');
    res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html>internal admin page: secret=hunter2</html>');
  });
  await new Promise<void>((r) => plainHttp.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  await Promise.all([new Promise((r) => resetServer.close(r)), new Promise((r) => plainHttp.close(r))]);
});

const port = (s: net.Server) => (s.address() as AddressInfo).port;

describe('link-local and metadata addresses are refused on every path, before any connection', () => {
  it.each(METADATA_URLS)('data source test: %s', async (url) => {
    const error = await buildInfo({ url, auth: { kind: 'none' }, timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect(error).toMatchObject({ kind: 'refused' });
    expect((error as Error).message).toMatch(/^Could not reach \S+: it is a link-local or cloud metadata address/);
    expect((error as PrometheusError).retryable).toBe(false);
  });

  it.each(METADATA_URLS)('cluster test: %s', async (url) => {
    const result = await testConnection({ kind: 'token', apiUrl: `${url.replace('http:', 'https:')}:6443`, credentials: 'x' });
    expect(result.ok).toBe(false);
    expect(result.steps.at(-1)).toMatchObject({ step: 'connect', ok: false, message: expect.stringMatching(/^Could not reach \S+: it is a link-local or cloud metadata address/) });
  });

  it.each(METADATA_URLS)('webhook notification: %s', async (url) => {
    await expect(networkSenders.webhook(`${url}/latest/meta-data/iam/`, { text: 'x' })).rejects.toThrow(/^Could not reach \S+: it is a link-local or cloud metadata address/);
  });

  it.each(['169.254.169.254', '::ffff:169.254.169.254'])('SMTP server %s', async (host) => {
    const smtp = { host, port: 25, secure: false, username: '', password: '', from: 'runwell@example.com' };
    await expect(networkSenders.email(smtp, 'a@example.com', { subject: 's', text: 't' })).rejects.toThrow(/^Could not reach \S+: it is a link-local or cloud metadata address/);
  });

  it('a kubeconfig whose server is the metadata address is refused at test time', async () => {
    const kubeconfig = `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://169.254.169.254"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`;
    const result = await testConnection({ kind: 'kubeconfig', apiUrl: 'http://169.254.169.254', credentials: kubeconfig });
    expect(result.steps.at(-1)?.message).toMatch(/^Could not reach 169\.254\.169\.254: it is a link-local/);
  });

  it('RUNWELL_OUTBOUND_ALLOW lets an admin allow one (then the request is made)', async () => {
    process.env.RUNWELL_OUTBOUND_ALLOW = '169.254.169.254';
    const error = await buildInfo({ url: 'http://169.254.169.254', auth: { kind: 'none' }, timeoutMs: 200 }).catch((e: unknown) => e);
    // Whatever happens next (no route here, or an answer), the policy did not refuse it.
    expect(error).toBeInstanceOf(PrometheusError);
    expect((error as PrometheusError).kind).not.toBe('refused');
  });
});

describe('private and loopback targets follow RUNWELL_OUTBOUND_PRIVATE', () => {
  it('allowed by default (mapped form included)', async () => {
    const error = await buildInfo({ url: `http://[::ffff:127.0.0.1]:${port(plainHttp)}`, auth: { kind: 'none' }, timeoutMs: 3_000 }).catch((e: unknown) => e);
    // It connected: the answer is not a Prometheus one (and its page is not echoed).
    expect(error).toMatchObject({ kind: 'http', message: expect.stringMatching(/answered HTTP 404$/) });
  });

  it.each(['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])('refused with deny: %s (no request reaches the server)', async (host) => {
    process.env.RUNWELL_OUTBOUND_PRIVATE = 'deny';
    pathsHit = [];
    const url = `http://${host}:${port(plainHttp)}`;
    await expect(buildInfo({ url, auth: { kind: 'none' }, timeoutMs: 3_000 })).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/private or loopback address/) });
    await expect(networkSenders.webhook(`${url}/hook`, {})).rejects.toThrow(/private or loopback address/);
    const cluster = await testConnection({ kind: 'token', apiUrl: url, credentials: 'x' });
    expect(cluster.steps.at(-1)?.message).toMatch(/private or loopback address/);
    expect(pathsHit).toEqual([]);
  });
});

describe('no port scanning: refused, reset and non-TLS ports read the same', () => {
  it('cluster test', async () => {
    const messages = await Promise.all(
      [`https://127.0.0.1:${closedPort}`, `https://127.0.0.1:${port(resetServer)}`, `https://127.0.0.1:${port(plainHttp)}`].map(async (apiUrl) => {
        const result = await testConnection({ kind: 'token', apiUrl, credentials: 'x' });
        return result.steps.at(-1)!.message.replace(/:\d+/, ':PORT');
      }),
    );
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe('Could not reach 127.0.0.1:PORT: no connection could be made (refused, reset, timed out or unknown host); check the address, the port and the network');
  });

  it('data source test', async () => {
    const messages = await Promise.all(
      [closedPort, port(resetServer)].map((p) =>
        buildInfo({ url: `http://127.0.0.1:${p}`, auth: { kind: 'none' }, timeoutMs: 3_000 }).catch((e: PrometheusError) => `${e.kind} ${e.message.replace(/:\d+/, ':PORT')}`),
      ),
    );
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/^unreachable Could not reach 127\.0\.0\.1:PORT: no connection could be made/);
  });

  it('a cluster test against a non-Kubernetes HTTP service does not echo its page', async () => {
    const result = await testConnection({ kind: 'token', apiUrl: `http://127.0.0.1:${port(plainHttp)}`, credentials: 'x' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

describe('kubeconfigs cannot make the server run commands, read files or use a proxy', () => {
  const base = (user: string, cluster = 'server: https://k8s.example:6443') =>
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    ${cluster}\nusers:\n- name: u\n  user:\n${user}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n`;
  it.each([
    ['users[0].user.exec', base('    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: sh\n      args: ["-c", "touch /tmp/pwned"]')],
    ['users[0].user.auth-provider', base('    auth-provider:\n      name: gcp\n      config: {cmd-path: /bin/sh}')],
    ['users[0].user.token-file', base('    token-file: /etc/hostname')],
    ['users[0].user.client-key', base('    client-key: /etc/ssl/private/key.pem')],
    ['clusters[0].cluster.certificate-authority', base('    token: t', 'certificate-authority: /etc/passwd')],
    ['clusters[0].cluster.proxy-url', base('    token: t', 'proxy-url: http://169.254.169.254:80\n    server: https://k8s.example:6443')],
  ])('%s', (path, yaml) => {
    expect(() => loadKubeconfig(yaml)).toThrow(KubeconfigRefusedError);
    expect(() => loadKubeconfig(yaml)).toThrow(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `));
  });

  it('an inline token kubeconfig still loads', () => {
    expect(loadKubeconfig(base('    token: abc')).getCurrentUser()?.token).toBe('abc');
  });
});
