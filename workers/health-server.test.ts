import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerHealthServer } from './health-server';

// The worker's probe endpoint (Helm chart: liveness/readiness on /api/health,
// PodMonitor on /metrics with the metrics token).

describe('worker health server', () => {
  let server: Server;
  let base: string;
  let stopping = false;
  const savedToken = process.env.RUNWELL_METRICS_TOKEN;

  beforeAll(async () => {
    server = await startWorkerHealthServer({ port: 0, host: '127.0.0.1', state: { workerId: 'w-1', stopping: () => stopping, activeJobs: () => 2 } });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    stopping = false;
    if (savedToken === undefined) delete process.env.RUNWELL_METRICS_TOKEN;
    else process.env.RUNWELL_METRICS_TOKEN = savedToken;
  });

  it('answers 200 while it takes jobs and 503 once it stops', async () => {
    const ok = await fetch(`${base}/api/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', process: 'worker', workerId: 'w-1', activeJobs: 2 });
    stopping = true;
    const draining = await fetch(`${base}/api/health`);
    expect(draining.status).toBe(503);
    expect((await draining.json()).status).toBe('stopping');
  });

  it('serves process metrics to loopback without a token, and only with the token once one is set', async () => {
    delete process.env.RUNWELL_METRICS_TOKEN;
    const local = await fetch(`${base}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toMatch(/^runwell_process_resident_memory_bytes /m);
    // A proxy header naming a remote client is refused even on loopback.
    expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(401);

    process.env.RUNWELL_METRICS_TOKEN = 'a-metrics-token-of-enough-length';
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-enough-length' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-of-enough-length' } })).status).toBe(200);
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/api/health`, { method: 'POST' })).status).toBe(405);
  });
});
