// Watch streams: the initial state (or the events since a resourceVersion), then
// every change as it happens, BOOKMARKs, timeouts, dropped watches (fault
// injection) and a bounded backlog for slow clients.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceDef } from '../resources';
import type { FieldSelector, LabelSelector } from '../selectors';
import { parseRv } from '../store-list';
import { partialObjectMetadata, toTable, type IncludeObject } from '../table';
import { errors, statusObject, type KubeObject } from '../types';
import type { ServerContext } from './context';
import type { Format, Query } from './http';

export class WatchStreams {
  private open = new Set<{ stop: (mode: 'end' | 'destroy') => void }>();
  private lastEvent: { object: unknown; type: string; line: string } = { object: undefined, type: '', line: '' };

  constructor(private ctx: ServerContext) {}

  get count(): number {
    return this.open.size;
  }

  /** Close all open watches (fault injection and shutdown). */
  dropAll(mode: 'end' | 'destroy'): void {
    for (const w of [...this.open]) w.stop(mode);
  }

  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    def: ResourceDef,
    namespace: string | undefined,
    label: LabelSelector,
    field: FieldSelector,
    q: Query,
    format: Format,
  ): Promise<void> {
    const store = this.ctx.store;
    const rvParam = q.get('resourceVersion');
    const sendInitial = q.get('sendInitialEvents') === 'true';
    const bookmarks = q.bool('allowWatchBookmarks');
    const timeout = q.int('timeoutSeconds') ?? this.ctx.defaultWatchSeconds;
    const include = (q.get('includeObject') ?? 'Metadata') as IncludeObject;
    const filter = { namespace, labelSelector: label, fieldSelector: field };
    let fromRv: number | undefined;
    if (rvParam && rvParam !== '0' && !sendInitial) fromRv = parseRv(rvParam);
    if (sendInitial && (!bookmarks || q.get('resourceVersionMatch') !== 'NotOlderThan')) {
      throw errors.invalid('ListOptions', '', 'sendInitialEvents requires allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan');
    }

    const queue: string[] = [];
    let queuedBytes = 0;
    let columnsSent = false;
    const serialize = (type: string, obj: unknown) => {
      if (format === 'json') {
        // one event goes to many watchers: serialize it once
        const memo = this.lastEvent;
        if (memo.object === obj && memo.type === type) return memo.line;
        const line = `${JSON.stringify({ type, object: obj })}\n`;
        this.lastEvent = { object: obj, type, line };
        return line;
      }
      let object = obj;
      if (format === 'table' && type !== 'ERROR' && type !== 'BOOKMARK') {
        object = toTable(def, [obj as KubeObject], this.ctx.clock(), include, { resourceVersion: (obj as KubeObject).metadata.resourceVersion }, !columnsSent);
        columnsSent = true;
      } else if (format === 'partial' && type !== 'ERROR' && type !== 'BOOKMARK') object = partialObjectMetadata(obj as KubeObject);
      return `${JSON.stringify({ type, object })}\n`;
    };
    let closed = false;
    let wake: (() => void) | undefined;
    const enqueue = (line: string) => {
      queue.push(line);
      queuedBytes += line.length;
      wake?.();
    };
    const sink = {
      filter,
      push: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => {
        if (closed) return;
        enqueue(serialize(type, object));
        if (queuedBytes > this.ctx.maxWatchBacklogBytes) stop('end');
      },
    };

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let initial: KubeObject[] = [];
    const sub = fromRv === undefined ? store.watch(def, sink) : store.watch(def, sink, fromRv);
    if (sub === 'expired') {
      res.end(`${JSON.stringify({ type: 'ERROR', object: statusObject(410, 'Expired', `too old resource version: ${fromRv} (${store.compactedResourceVersion})`) })}\n`);
      return;
    }
    if (fromRv === undefined) {
      // current state first ("get state and start at most recent"), consistent with the subscription
      initial = store.list(def, { namespace, labelSelector: label, fieldSelector: field }).items;
    }
    const startRv = store.resourceVersion;
    const timers: NodeJS.Timeout[] = [];
    const entry = { stop: (mode: 'end' | 'destroy') => stop(mode) };
    this.open.add(entry);
    function stop(mode: 'end' | 'destroy') {
      if (closed) return;
      closed = true;
      if (mode === 'destroy') res.destroy();
      wake?.();
    }
    timers.push(setTimeout(() => stop('end'), timeout * 1000));
    const drop = this.ctx.faults.dropWatchEverySeconds;
    if (drop > 0) timers.push(setTimeout(() => stop(this.ctx.faults.dropWatchMode), drop * 1000));
    if (bookmarks) {
      timers.push(
        setInterval(() => {
          enqueue(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(store.resourceVersion) } } })}\n`);
        }, this.ctx.bookmarkIntervalMs),
      );
    }
    req.on('close', () => stop('end'));
    res.on('close', () => stop('end'));

    const write = async (text: string) => {
      if (!res.write(text)) await new Promise<void>((r) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    };
    try {
      for (let i = 0; i < initial.length && !closed; i += 200) {
        const part = initial.slice(i, i + 200).map((o) => serialize('ADDED', o));
        await write(part.join(''));
      }
      initial = [];
      if (sendInitial && !closed) {
        await write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(startRv), annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`);
      }
      while (!closed) {
        if (queue.length === 0) {
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        const text = queue.join('');
        queue.length = 0;
        queuedBytes = 0;
        await write(text);
      }
    } finally {
      if (typeof sub === 'object') sub.cancel();
      for (const t of timers) clearTimeout(t);
      this.open.delete(entry);
      if (!res.destroyed) res.end();
    }
  }
}
