// The simulator's "etcd": every object of every resource, one global monotonically
// increasing resourceVersion, a bounded window of watch events, and consistent
// paginated lists (a continue token reads the snapshot it was issued at, rebuilt
// from the event window; once that snapshot is compacted the token is expired).
// Lists are in store-list.ts, keys in store-table.ts, watch translation in store-events.ts.

import { lowerBound } from './pagination';
import { resourceId, ResourceRegistry, type ResourceDef } from './resources';
import { deliver, type StoredEvent, type WatchSink } from './store-events';
import { listSnapshot, type ListOptions, type ListResult } from './store-list';
import { compareKeys, keyOf, objectKey, Table } from './store-table';
import { errors, type KubeObject } from './types';

export interface StoreOptions {
  /** Number of watch events kept for resumption (default 10,000). */
  historySize?: number;
}

export class ClusterStore {
  readonly registry: ResourceRegistry;
  private tables = new Map<string, Table>();
  private rv = 0;
  /** Oldest resourceVersion a watch may resume from (all later events are retained). */
  private windowStart = 0;
  private history: StoredEvent[] = [];
  private historyHead = 0;
  readonly historySize: number;
  /** owner uid -> "rid\u0001key" of its dependents. */
  private dependents = new Map<string, Set<string>>();
  private listeners = new Set<(e: StoredEvent) => void>();

  constructor(registry = new ResourceRegistry(), options: StoreOptions = {}) {
    this.registry = registry;
    this.historySize = Math.max(1, options.historySize ?? 10_000);
    for (const def of registry.all) if (!def.virtual) this.tables.set(resourceId(def), new Table(def));
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Watches (and continue tokens) older than this answer 410 Expired. */
  get compactedResourceVersion(): number {
    return this.windowStart;
  }

  get historyLength(): number {
    return this.history.length - this.historyHead;
  }

  table(def: ResourceDef): Table {
    const t = this.tables.get(resourceId(def));
    if (!t) throw new Error(`no table for ${resourceId(def)}`);
    return t;
  }

  defOf(obj: KubeObject): ResourceDef {
    const def = this.registry.byApiVersionKind(obj.apiVersion, obj.kind);
    if (!def || def.virtual) throw errors.badRequest(`no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
    return def;
  }

  count(def: ResourceDef): number {
    return this.table(def).items.size;
  }

  get(def: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.table(def).items.get(objectKey(def, namespace, name));
  }

  /** Current objects in key order (optionally one namespace). Do not mutate them. */
  *iterate(def: ResourceDef, namespace?: string): Generator<KubeObject> {
    const t = this.table(def);
    if (def.namespaced && namespace !== undefined) {
      const prefix = `${namespace}/`;
      for (let i = lowerBound(t.keys, prefix); i < t.keys.length; i++) {
        const k = t.keys[i]!;
        if (!k.startsWith(prefix)) break;
        yield t.items.get(k)!;
      }
      return;
    }
    for (const k of t.keys) yield t.items.get(k)!;
  }

  all(def: ResourceDef, namespace?: string): KubeObject[] {
    return [...this.iterate(def, namespace)];
  }

  /** Objects whose controller/owner has this uid. */
  dependentsOf(uid: string): { def: ResourceDef; object: KubeObject }[] {
    const set = this.dependents.get(uid);
    if (!set) return [];
    const out: { def: ResourceDef; object: KubeObject }[] = [];
    for (const ref of set) {
      const sep = ref.indexOf('\u0001');
      const t = this.tables.get(ref.slice(0, sep));
      const obj = t?.items.get(ref.slice(sep + 1));
      if (t && obj) out.push({ def: t.def, object: obj });
    }
    return out;
  }

  onChange(listener: (e: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- writes ---------------------------------------------------------------

  /**
   * Bulk load without watch events (initial state). Assigns resourceVersions and
   * marks everything loaded so far as compacted: watches from older versions get 410.
   */
  load(objects: Iterable<KubeObject>): void {
    const touched = new Set<Table>();
    for (const obj of objects) {
      const def = this.defOf(obj);
      const t = this.table(def);
      const key = keyOf(def, obj);
      this.rv++;
      obj.metadata.resourceVersion = String(this.rv);
      const prev = t.items.get(key);
      if (prev) this.unindex(def, key, prev);
      t.items.set(key, obj);
      this.index(def, key, obj);
      if (!prev) {
        t.keys.push(key);
        touched.add(t);
      }
    }
    for (const t of touched) t.keys.sort(compareKeys);
    this.resetHistory();
  }

  /** Forget all watch history: every resume from an older resourceVersion answers 410. */
  resetHistory(): void {
    this.history = [];
    this.historyHead = 0;
    this.windowStart = this.rv;
  }

  /**
   * Insert or replace an object, stamping a new resourceVersion. The object is stored
   * as given (callers pass a fresh object, never one already in the store).
   */
  put(obj: KubeObject): KubeObject {
    const def = this.defOf(obj);
    const t = this.table(def);
    const key = keyOf(def, obj);
    const prev = t.items.get(key);
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    if (prev) this.unindex(def, key, prev);
    else t.keys.splice(lowerBound(t.keys, key), 0, key);
    t.items.set(key, obj);
    this.index(def, key, obj);
    this.emit(t, { rv: this.rv, type: prev ? 'MODIFIED' : 'ADDED', rid: resourceId(def), key, object: obj, prev });
    return obj;
  }

  /** Remove an object; the DELETED event carries it with the deletion's resourceVersion. */
  remove(def: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    const t = this.table(def);
    const key = objectKey(def, namespace, name);
    const prev = t.items.get(key);
    if (!prev) return undefined;
    this.rv++;
    const gone: KubeObject = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(this.rv) } };
    t.items.delete(key);
    const i = lowerBound(t.keys, key);
    if (t.keys[i] === key) t.keys.splice(i, 1);
    this.unindex(def, key, prev);
    this.emit(t, { rv: this.rv, type: 'DELETED', rid: resourceId(def), key, object: gone, prev });
    return gone;
  }

  private index(def: ResourceDef, key: string, obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences;
    if (!refs) return;
    const ref = `${resourceId(def)}\u0001${key}`;
    for (const o of refs) {
      let set = this.dependents.get(o.uid);
      if (!set) this.dependents.set(o.uid, (set = new Set()));
      set.add(ref);
    }
  }

  private unindex(def: ResourceDef, key: string, obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences;
    if (!refs) return;
    const ref = `${resourceId(def)}\u0001${key}`;
    for (const o of refs) {
      const set = this.dependents.get(o.uid);
      if (!set) continue;
      set.delete(ref);
      if (set.size === 0) this.dependents.delete(o.uid);
    }
  }

  private emit(t: Table, event: StoredEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyHead > this.historySize) {
      const dropped = this.history[this.historyHead]!;
      this.history[this.historyHead] = undefined as unknown as StoredEvent;
      this.historyHead++;
      this.windowStart = dropped.rv;
      if (this.historyHead > 4096 && this.historyHead * 2 > this.history.length) {
        this.history = this.history.slice(this.historyHead);
        this.historyHead = 0;
      }
    }
    for (const w of t.watchers) deliver(w, event);
    for (const l of this.listeners) l(event);
  }

  // ---- reads ----------------------------------------------------------------

  /** Index of the first retained event with rv > after. */
  private historyIndexAfter(after: number): number {
    let lo = this.historyHead;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.rv <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Retained events for one resource with rv > after (caller checked the window). */
  eventsAfter(def: ResourceDef, after: number): StoredEvent[] {
    const rid = resourceId(def);
    const out: StoredEvent[] = [];
    for (let i = this.historyIndexAfter(after); i < this.history.length; i++) {
      const e = this.history[i]!;
      if (e.rid === rid) out.push(e);
    }
    return out;
  }

  list(def: ResourceDef, opts: ListOptions = {}): ListResult {
    return listSnapshot(this.table(def), this.rv, this.windowStart, (after) => this.eventsAfter(def, after), opts);
  }

  /**
   * Register a watcher. Returns 'expired' when `fromRv` is older than the window;
   * otherwise replays retained events after fromRv (when given) and then streams.
   */
  watch(def: ResourceDef, sink: WatchSink, fromRv?: number): { cancel: () => void } | 'expired' {
    const t = this.table(def);
    if (fromRv !== undefined) {
      if (fromRv < this.windowStart) return 'expired';
      for (const e of this.eventsAfter(def, fromRv)) deliver(sink, e);
    }
    t.watchers.add(sink);
    return { cancel: () => t.watchers.delete(sink) };
  }

  watcherCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.watchers.size;
    return n;
  }
}
