// Subresources with their own shape: /scale (autoscaling/v1 Scale, read and
// written through the owner's spec.replicas) and a Pod's /log (synthetic JSON
// lines, followed when asked).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDef } from '../resources';
import { errors, type KubeObject } from '../types';
import type { ServerContext } from './context';
import { parseBody, readBody, send, type Query } from './http';
import type { Route } from './routes';
import type { Writes } from './writes';

export class Subresources {
  private readonly podsDef: ResourceDef;

  constructor(
    private ctx: ServerContext,
    private writes: Writes,
  ) {
    this.podsDef = ctx.store.registry.lookup('', 'v1', 'pods')!;
  }

  private scaleObject(obj: KubeObject): Record<string, unknown> {
    const sel = obj.spec?.selector?.matchLabels ?? {};
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: { replicas: obj.status?.replicas ?? 0, selector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') },
    };
  }

  async scale(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const store = this.ctx.store;
    const current = store.get(def, route.namespace, route.name!);
    if (!current) throw errors.notFound(def.group, def.plural, route.name!);
    const method = req.method ?? 'GET';
    if (method === 'GET') return send(res, 200, this.scaleObject(current));
    let scale: { metadata?: { resourceVersion?: string }; spec?: { replicas?: number } };
    const body = await readBody(req);
    if (method === 'PUT') scale = parseBody(body, 'json') as typeof scale;
    else if (method === 'PATCH') scale = this.writes.applyPatch(this.scaleObject(current), body, req.headers['content-type']) as typeof scale;
    else throw errors.methodNotAllowed();
    const replicas = scale.spec?.replicas;
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) throw errors.invalid('Scale', route.name!, 'spec.replicas: Invalid value: must be greater than or equal to 0');
    if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== current.metadata.resourceVersion) throw errors.conflict(def.group, def.plural, route.name!);
    const next = { ...current, spec: { ...current.spec, replicas }, metadata: { ...current.metadata, resourceVersion: '' } } as KubeObject;
    const stored = this.writes.commit(def, current, next, undefined, q.get('dryRun') === 'All');
    send(res, 200, this.scaleObject(stored));
  }

  async podLog(res: ServerResponse, route: Route, q: Query): Promise<void> {
    const pod = this.ctx.store.get(this.podsDef, route.namespace, route.name!);
    if (!pod) throw errors.notFound('', 'pods', route.name!);
    const containers = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
    const container = q.get('container') ?? containers[0];
    if (!container || !containers.includes(container)) {
      throw errors.badRequest(`container ${container} is not valid for pod ${route.name}`);
    }
    if (pod.status?.phase === 'Pending') throw errors.badRequest(`container "${container}" in pod "${route.name}" is waiting to start: ContainerCreating`);
    const tail = q.int('tailLines') ?? 40;
    const now = this.ctx.clock();
    const line = (i: number, t: number) => {
      const levels = ['info', 'info', 'info', 'debug', 'warn', 'info', 'error'];
      const level = levels[(i * 7 + route.name!.length) % levels.length];
      const ts = q.bool('timestamps') ? `${new Date(t).toISOString()} ` : '';
      return `${ts}{"level":"${level}","ts":"${new Date(t).toISOString()}","pod":"${route.name}","container":"${container}","msg":"${level === 'error' ? 'request failed: upstream timeout' : 'handled request'}","status":${level === 'error' ? 503 : 200},"duration_ms":${(i * 37) % 250}}\n`;
    };
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    for (let i = tail; i > 0; i--) res.write(line(i, now - i * 1500));
    if (!q.bool('follow')) {
      res.end();
      return;
    }
    let i = 0;
    const timer = setInterval(() => res.write(line(i++, this.ctx.clock())), 1000);
    const stop = () => {
      clearInterval(timer);
      res.end();
    };
    res.on('close', stop);
    setTimeout(stop, (this.ctx.defaultWatchSeconds || 60) * 1000);
  }
}
