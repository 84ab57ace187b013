// Changes in the store and how a watcher with a filter sees them: an object
// that starts matching is ADDED, one that stops matching is DELETED, as the API
// server's watch cache translates them.

import type { FieldSelector, LabelSelector } from './selectors';
import type { KubeObject } from './types';

export interface StoredEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rid: string;
  key: string;
  object: KubeObject;
  /** State before this event (absent for ADDED). */
  prev?: KubeObject;
}

export interface WatchFilter {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

export interface WatchSink {
  filter: WatchFilter;
  /** Called synchronously for every matching change, already translated (ADDED/MODIFIED/DELETED). */
  push(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject, rv: number): void;
}

export function matchesFilter(f: WatchFilter, obj: KubeObject): boolean {
  if (f.namespace !== undefined && obj.metadata.namespace !== f.namespace) return false;
  if (f.labelSelector && !f.labelSelector.empty && !f.labelSelector.matches(obj.metadata.labels)) return false;
  if (f.fieldSelector && !f.fieldSelector.empty && !f.fieldSelector.matches(obj)) return false;
  return true;
}

/** Translate a change for a filtered watcher, as the API server's watch cache does. */
export function deliver(w: WatchSink, e: StoredEvent): void {
  const now = e.type === 'DELETED' ? false : matchesFilter(w.filter, e.object);
  const before = e.prev ? matchesFilter(w.filter, e.prev) : false;
  if (e.type === 'DELETED') {
    if (before) w.push('DELETED', e.object, e.rv);
  } else if (now && before) w.push('MODIFIED', e.object, e.rv);
  else if (now) w.push('ADDED', e.object, e.rv);
  else if (before) w.push('DELETED', e.object, e.rv);
}
