// The HTTP front of the simulator: the Kubernetes REST API (discovery, list/get/
// watch, create/update/patch/delete, status/scale/log subresources), Status errors,
// server-side Table output, bearer-token auth and fault injection. Pure node:http.
// This file authenticates, injects faults and routes; simulator/api/ answers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from './api/context';
import { discoveryDocument } from './api/discovery';
import { Query, send, sendError } from './api/http';
import { Reads } from './api/reads';
import { routeOf, type Route } from './api/routes';
import { Subresources } from './api/subresources';
import { WatchStreams } from './api/watch';
import { Writes } from './api/writes';
import { handlePrometheus, PROMETHEUS_PREFIX } from './prom-api';
import { SelectorError } from './selectors';
import { ApiError, errors } from './types';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ApiHandler {
  private readonly watches: WatchStreams;
  private readonly reads: Reads;
  private readonly writes: Writes;
  private readonly subresources: Subresources;

  constructor(private ctx: ServerContext) {
    this.watches = new WatchStreams(ctx);
    this.reads = new Reads(ctx, this.watches);
    this.writes = new Writes(ctx);
    this.subresources = new Subresources(ctx, this.writes);
  }

  get openWatches(): number {
    return this.watches.count;
  }

  /** Close all open watches (fault injection and shutdown). */
  dropWatches(mode: 'end' | 'destroy' = 'end'): void {
    this.watches.dropAll(mode);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routeOf(url.pathname, this.ctx.store.registry);
    try {
      if (route.kind === 'health') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      }
      const f = this.ctx.faults;
      if (f.slowMs > 0) await sleep(f.slowMs);
      if (this.ctx.token !== undefined) {
        const auth = req.headers.authorization ?? '';
        if (auth !== `Bearer ${this.ctx.token}`) throw errors.unauthorized();
      }
      if (this.ctx.metrics && url.pathname.startsWith(`${PROMETHEUS_PREFIX}/`)) {
        // Same bearer token as the cluster, but no Kubernetes fault injection: metrics stay readable during a chaos drill.
        await handlePrometheus(req, res, url, this.ctx.metrics, this.ctx.clock());
        return;
      }
      if (f.errorRate > 0 && this.ctx.faultPrng.next() < f.errorRate) throw errors.internal();
      await this.dispatch(req, res, route, new Query(url.searchParams));
    } catch (e) {
      if (e instanceof ApiError) sendError(res, e);
      else if (e instanceof SelectorError) sendError(res, errors.badRequest(e.message));
      else {
        this.ctx.log?.(`simulator: ${req.method} ${req.url}: ${(e as Error).stack ?? e}`);
        sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`));
      }
    } finally {
      this.ctx.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const method = req.method ?? 'GET';
    switch (route.kind) {
      case 'openapi':
      case 'notfound':
        throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      case 'collection':
        if (method === 'GET') return this.reads.getCollection(req, res, route, q);
        if (method === 'POST') return this.writes.create(req, res, route, q);
        if (method === 'DELETE') return this.writes.deleteCollection(req, res, route, q);
        throw errors.methodNotAllowed();
      case 'item':
        return this.item(req, res, route, q);
      default:
        return send(res, 200, discoveryDocument(route, this.ctx));
    }
  }

  private async item(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const method = req.method ?? 'GET';
    if (route.watchPath) {
      if (method !== 'GET') throw errors.methodNotAllowed();
      return this.reads.watchItem(req, res, route, q);
    }
    if (def.virtual) {
      if (method !== 'GET' || route.sub) throw errors.methodNotAllowed();
      return this.reads.getVirtualItem(res, route);
    }
    const sub = route.sub;
    if (sub && !def.subresources.includes(sub as 'status')) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (sub === 'log') return this.subresources.podLog(res, route, q);
    if (sub === 'scale') return this.subresources.scale(req, res, route, q);
    switch (method) {
      case 'GET':
        return this.reads.getItem(req, res, route, q);
      case 'PUT':
        return this.writes.update(req, res, route, q);
      case 'PATCH':
        return this.writes.patch(req, res, route, q);
      case 'DELETE':
        return this.writes.delete(req, res, route, q);
      default:
        throw errors.methodNotAllowed();
    }
  }
}
