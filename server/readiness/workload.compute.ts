import { asArray, asInt, asRecord, asString, asStringMap, type Json, POD_TEMPLATE_KINDS, podTemplateOf } from '../lib/kube';
import type { InventoryItem } from './readiness.schema';

// What the checks evaluate (docs/readiness.md, "What is evaluated"): every object
// as a Subject (kind, name, namespace, labels, annotations), and pod-owning
// objects as Workloads seen through their pod template. Pure.

export const WORKLOAD_KINDS = [...POD_TEMPLATE_KINDS, 'CronJob', 'Pod'] as const;
/** Kinds with a replica count a PDB and an HPA make sense for. */
export const SCALABLE_KINDS = ['Deployment', 'StatefulSet'] as const;
/** Workloads that run until stopped (everything but batch), so probes and scraping apply. */
export const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'] as const;

export interface Container {
  name: string;
  image: string;
  init: boolean;
  spec: Json;
}

/** Common view of every evaluated object. */
export interface Subject {
  item: InventoryItem;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  /** namespace ?? "": manifests without a namespace are grouped together. */
  nsKey: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A pod-owning object, seen through its pod template (the live inventory does the same: templates, not pods). */
export interface Workload extends Subject {
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  podSpec: Json;
  containers: Container[];
  /** `spec.replicas ?? 1` for Deployments, StatefulSets and ReplicaSets; null otherwise. */
  replicas: number | null;
}

export function subjectOf(item: InventoryItem): Subject {
  const { object } = item;
  const metadata = asRecord(object.metadata);
  const namespace = asString(metadata.namespace) ?? null;
  return {
    item,
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: asString(metadata.name) ?? '',
    namespace,
    nsKey: namespace ?? '',
    labels: asStringMap(metadata.labels),
    annotations: asStringMap(metadata.annotations),
  };
}

export function isWorkload(subject: Subject): subject is Workload {
  return 'podSpec' in subject;
}

function containersOf(podSpec: Json): Container[] {
  const read = (list: unknown, init: boolean): Container[] =>
    asArray(list).map((raw, index) => {
      const spec = asRecord(raw);
      return { name: asString(spec.name) ?? `#${index}`, image: asString(spec.image) ?? '', init, spec };
    });
  return [...read(podSpec.initContainers, true), ...read(podSpec.containers, false)];
}

export function toWorkload(item: InventoryItem): Workload | null {
  const template = podTemplateOf(item.object);
  if (!template) return null;
  const subject = subjectOf(item);
  const podMetadata = asRecord(template.metadata);
  const podSpec = asRecord(template.spec);
  const scalable = ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(item.object.kind);
  return {
    ...subject,
    podLabels: asStringMap(podMetadata.labels),
    podAnnotations: asStringMap(podMetadata.annotations),
    podSpec,
    containers: containersOf(podSpec),
    replicas: scalable ? (asInt(asRecord(item.object.spec).replicas) ?? 1) : null,
  };
}

