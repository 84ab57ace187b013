// One resource's objects in the store, keyed and sorted like etcd keys
// ("namespace/name" or "name"), with the watchers of that resource.

import type { ResourceDef } from './resources';
import type { KubeObject } from './types';
import type { WatchSink } from './store-events';

export class Table {
  readonly items = new Map<string, KubeObject>();
  /** Keys sorted like etcd keys: "namespace/name" or "name". */
  keys: string[] = [];
  readonly watchers = new Set<WatchSink>();
  constructor(readonly def: ResourceDef) {}
}

export function objectKey(def: ResourceDef, namespace: string | undefined, name: string): string {
  return def.namespaced ? `${namespace ?? ''}/${name}` : name;
}

export function keyOf(def: ResourceDef, obj: KubeObject): string {
  return objectKey(def, obj.metadata.namespace, obj.metadata.name);
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
