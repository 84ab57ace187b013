// What every object family of the materializer shares: the run's state (Ctx),
// ObjectMeta as the API server writes it, and Events (budgeted: a big cluster
// gets a realistic trickle, problems always get theirs).

import type { ClusterPlan, NamespacePlan } from '../plan';
import { isoTime } from '../plan';
import type { Prng } from '../prng';
import type { NodeSlot, Scheduler } from '../scheduler';
import type { KubeObject } from '../types';

export function meta(name: string, namespace: string | undefined, uid: string, created: number, extra: Record<string, unknown> = {}) {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    uid,
    resourceVersion: '',
    creationTimestamp: isoTime(created),
    ...extra,
  };
}

export interface Ctx {
  plan: ClusterPlan;
  prng: Prng;
  now: number;
  out: KubeObject[];
  scheduler: Scheduler;
  nodeSlots: NodeSlot[];
  events: KubeObject[];
  eventBudget: number;
  eventProb: number;
  nsByName: Map<string, NamespacePlan>;
  zoneCursor: number;
  notReady: Set<string>;
  /** namespace/name of every pod so far: generated suffixes must not collide. */
  podNames: Set<string>;
}

export function addEvent(
  c: Ctx,
  involved: { kind: string; apiVersion: string; name: string; namespace?: string; uid: string; fieldPath?: string },
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
  host: string | undefined,
  first: number,
  last: number,
  count: number,
  force = false,
): void {
  if (!force && c.eventBudget <= 0) return;
  c.eventBudget--;
  const ns = involved.namespace ?? 'default';
  c.events.push({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(`${involved.name}.${c.prng.hex(16)}`, ns, c.prng.uuid(), first),
    involvedObject: involved,
    reason,
    message,
    source: { component, ...(host ? { host } : {}) },
    firstTimestamp: isoTime(first),
    lastTimestamp: isoTime(last),
    count,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: host ?? '',
  });
}
