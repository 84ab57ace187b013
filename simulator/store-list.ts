// Consistent paginated lists: a list reads the snapshot at one resourceVersion
// (now, an exact one, or the one its continue token was issued at), rebuilt from
// the current keys overlaid with the state before every later change; once
// that snapshot falls out of the event window the token is expired.

import { decodeContinue, encodeContinue, InvalidContinueError, lowerBound } from './pagination';
import type { FieldSelector, LabelSelector } from './selectors';
import type { StoredEvent } from './store-events';
import { compareKeys, type Table } from './store-table';
import { errors, type KubeObject } from './types';

export interface ListOptions {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: number;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * One page of a resource's objects at a snapshot. `current` is the store's
 * resourceVersion, `windowStart` the oldest one its events still cover and
 * `eventsAfter` the resource's retained events after a resourceVersion.
 */
export function listSnapshot(t: Table, current: number, windowStart: number, eventsAfter: (rv: number) => StoredEvent[], opts: ListOptions): ListResult {
  let snapshot = current;
  let start = '';
  if (opts.continue) {
    let token;
    try {
      token = decodeContinue(opts.continue);
    } catch (e) {
      if (e instanceof InvalidContinueError) throw errors.expired(`${e.message}. Start a new list without the continue parameter.`);
      throw e;
    }
    if (token.rv < windowStart || token.rv > current) {
      throw errors.expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    snapshot = token.rv;
    start = token.start;
  } else if (opts.resourceVersion && opts.resourceVersion !== '0' && opts.resourceVersionMatch === 'Exact') {
    const want = parseRv(opts.resourceVersion);
    if (want > current) throw errors.timeout(`Too large resource version: ${want}, current: ${current}`);
    if (want < windowStart) throw errors.expired(`too old resource version: ${want} (${windowStart})`);
    snapshot = want;
  } else if (opts.resourceVersion && opts.resourceVersion !== '0') {
    const want = parseRv(opts.resourceVersion);
    if (want > current) throw errors.timeout(`Too large resource version: ${want}, current: ${current}`);
  }

  const prefix = t.def.namespaced && opts.namespace !== undefined ? `${opts.namespace}/` : '';
  if (start < prefix) start = prefix;

  // Keys changed after the snapshot: their state at the snapshot (null = absent).
  let overlay: Map<string, KubeObject | null> | undefined;
  let overlayKeys: string[] = [];
  if (snapshot < current) {
    overlay = new Map();
    for (const e of eventsAfter(snapshot)) {
      if (!overlay.has(e.key)) overlay.set(e.key, e.prev ?? null);
    }
    overlayKeys = [...overlay.keys()].filter((k) => overlay!.get(k) !== null && k >= start && k.startsWith(prefix)).sort(compareKeys);
  }

  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  const label = opts.labelSelector && !opts.labelSelector.empty ? opts.labelSelector : undefined;
  const field = opts.fieldSelector && !opts.fieldSelector.empty ? opts.fieldSelector : undefined;
  const items: KubeObject[] = [];
  let i = lowerBound(t.keys, start);
  let j = 0;
  let lastKey = '';
  let more = false;
  for (;;) {
    // next key in merged order
    let key: string | undefined;
    let obj: KubeObject | undefined;
    while (i < t.keys.length && overlay?.has(t.keys[i]!)) i++;
    const a = i < t.keys.length ? t.keys[i]! : undefined;
    const b = j < overlayKeys.length ? overlayKeys[j]! : undefined;
    if (a !== undefined && prefix && !a.startsWith(prefix)) {
      i = t.keys.length;
      continue;
    }
    if (a === undefined && b === undefined) break;
    if (b === undefined || (a !== undefined && a < b)) {
      key = a!;
      obj = t.items.get(key)!;
      i++;
    } else {
      key = b;
      obj = overlay!.get(b)!;
      j++;
    }
    if (items.length >= limit) {
      more = true;
      break;
    }
    lastKey = key;
    if (label && !label.matches(obj.metadata.labels)) continue;
    if (field && !field.matches(obj)) continue;
    items.push(obj);
  }
  const result: ListResult = { items, resourceVersion: snapshot };
  if (more) {
    result.continue = encodeContinue(snapshot, lastKey);
    if (!label && !field) {
      // Remaining keys in range (current state; exact when nothing changed since the snapshot).
      let end = t.keys.length;
      if (prefix) end = lowerBound(t.keys, `${prefix.slice(0, -1)}0`);
      const rem = end - lowerBound(t.keys, `${lastKey}\u0000`);
      if (rem > 0) result.remainingItemCount = rem;
    }
  }
  return result;
}

export function parseRv(value: string): number {
  if (!/^\d+$/.test(value)) throw errors.badRequest(`invalid resource version: "${value}"`);
  return Number(value);
}
