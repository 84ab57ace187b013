// Runwell's Kubernetes API simulator: a demo cluster and test bed that speaks the
// real Kubernetes REST API (kubectl and @kubernetes/client-node work unchanged).
//
//   const sim = await startSimulator({ nodes: 50, pods: 1500, seed: 'demo', churnPerSecond: 5 });
//   // kubectl --server sim.url get pods -A
//   await sim.close();

import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Churn } from './churn';
import { Controllers } from './controllers';
import { materialize } from './materialize';
import { CONTROL_PLANE_VERSION } from './plan-nodes';
import { randomPlan } from './plan-random';
import { Prng } from './prng';
import { ResourceRegistry } from './resources';
import { resolveScenario, type ScenarioInput } from './scenario';
import type { Faults } from './api/context';
import { ApiHandler } from './server';
import { ClusterStore } from './store';
import { PROMETHEUS_PREFIX } from './prom-api';
import { ShopSeries } from './prom-series';
import { selfSignedCertificate } from './tls';

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Generated cluster size (ignored with a scenario). Defaults: 10 nodes, 250 pods, 3 zones. */
  nodes?: number;
  pods?: number;
  zones?: number;
  /** Initial objects instead of a generated cluster: "shop", a YAML/JSON file path, or objects. */
  scenario?: ScenarioInput;
  /** Watch events per second produced by churn (0 = a static cluster). */
  churnPerSecond?: number;
  /** Seed of every random choice (default "runwell"). */
  seed?: string | number;
  /** Require `Authorization: Bearer <token>` on every API request. */
  token?: string;
  /** Serve HTTPS with this certificate and key (PEM), or `true` for a self-signed one (needs openssl). */
  tls?: { cert: string | Buffer; key: string | Buffer } | true;
  /** Fault injection; can be changed later through `sim.faults`. */
  faults?: Partial<Faults>;
  /** Watch events kept for resumption (default 10,000). */
  historySize?: number;
  /** Interval of BOOKMARK events for watches that allow them (default 10 s). */
  bookmarkIntervalMs?: number;
  /** Watch duration when the client sends no timeoutSeconds (default 1800 s). */
  watchTimeoutSeconds?: number;
  /** Reference time of the generated cluster (ms since epoch; default now). */
  now?: number;
  /** Pod start-up and termination delays of the simulated kubelet (ms). */
  podStartMs?: number;
  podTerminateMs?: number;
  /** Request log sink (one line per request). */
  log?: (line: string) => void;
}

export interface SimulatorFaults extends Faults {
  /** Forget the watch history: resuming any older resourceVersion answers 410 Expired. */
  resetHistory(): void;
  /** Close every open watch now. */
  dropWatches(mode?: 'end' | 'destroy'): void;
}

export interface Simulator {
  url: string;
  /** Base URL of the simulated Prometheus API (a data source URL). */
  prometheusUrl: string;
  port: number;
  host: string;
  /** PEM certificate when serving HTTPS. */
  certificate?: string;
  store: ClusterStore;
  controllers: Controllers;
  churn: Churn;
  faults: SimulatorFaults;
  /** A kubeconfig (YAML) pointing at the simulator, for kubectl and client libraries. */
  kubeconfig(): string;
  /** Number of open watch streams. */
  openWatches(): number;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = String(options.seed ?? 'runwell');
  const host = options.host ?? '127.0.0.1';
  const baseNow = options.now ?? Date.now();
  const startedAt = Date.now();
  const clock = () => baseNow + (Date.now() - startedAt);
  const registry = new ResourceRegistry();
  const store = new ClusterStore(registry, { historySize: options.historySize });
  const objects = options.scenario !== undefined
    ? resolveScenario(options.scenario, registry, seed, baseNow)
    : materialize(randomPlan({ nodes: options.nodes ?? 10, pods: options.pods ?? 250, zones: options.zones ?? 3, seed, now: baseNow }));
  store.load(objects);
  objects.length = 0;

  const prng = new Prng(seed);
  const controllers = new Controllers(store, prng.fork('controllers'), clock, { podStartMs: options.podStartMs, podTerminateMs: options.podTerminateMs });
  const churn = new Churn(store, controllers, seed, clock, options.churnPerSecond ?? 0);

  let handler: ApiHandler | undefined;
  const faultState: Faults = { errorRate: 0, slowMs: 0, dropWatchEverySeconds: 0, dropWatchMode: 'end', ...(options.faults ?? {}) };
  const faults: SimulatorFaults = Object.assign(faultState, {
    resetHistory: () => store.resetHistory(),
    dropWatches: (mode: 'end' | 'destroy' = 'end') => handler?.dropWatches(mode),
  });
  let address = `${host}:0`;
  const [major, minor] = CONTROL_PLANE_VERSION.slice(1).split('.') as [string, string];
  handler = new ApiHandler({
    store,
    controllers,
    clock,
    faults,
    faultPrng: prng.fork('faults'),
    token: options.token,
    version: { gitVersion: CONTROL_PLANE_VERSION, major, minor },
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 10_000,
    defaultWatchSeconds: options.watchTimeoutSeconds ?? 1800,
    maxWatchBacklogBytes: 256 * 1024 * 1024,
    address: () => address,
    log: options.log,
    metrics: new ShopSeries({ seed, clock }),
  });
  const h = handler;
  const listener = (req: Parameters<ApiHandler['handle']>[0], res: Parameters<ApiHandler['handle']>[1]) => void h.handle(req, res);
  const tls = options.tls === true ? selfSignedCertificate(host) : options.tls;
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  churn.start();

  return {
    url,
    prometheusUrl: `${url}${PROMETHEUS_PREFIX}`,
    port,
    host,
    certificate: tls ? String(tls.cert) : undefined,
    store,
    controllers,
    churn,
    faults,
    openWatches: () => h.openWatches,
    kubeconfig: () =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: runwell-sim',
        '  cluster:',
        `    server: ${url}`,
        ...(options.tls ? ['    insecure-skip-tls-verify: true'] : []),
        'users:',
        '- name: runwell-sim',
        `  user: ${options.token ? `{token: ${JSON.stringify(options.token)}}` : '{}'}`,
        'contexts:',
        '- name: runwell-sim',
        '  context: {cluster: runwell-sim, user: runwell-sim}',
        'current-context: runwell-sim',
        '',
      ].join('\n'),
    async close() {
      churn.stop();
      h.dropWatches('end');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export { shopIncidentWindows } from './prom-series';
export { ClusterStore } from './store';
export { ResourceRegistry, RESOURCES } from './resources';
export { randomPlan } from './plan-random';
export { shopPlan } from './plan-shop';
export { materialize } from './materialize';
export { parseLabelSelector, parseFieldSelector } from './selectors';
export type { KubeObject } from './types';
export type { Faults } from './api/context';
