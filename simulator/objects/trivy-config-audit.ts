// Trivy Operator ConfigAuditReports (aquasecurity.github.io/v1alpha1): one per
// running controller, named and labelled the way the operator does
// (`replicaset-<name>`), with the Kubernetes checks (KSV ids and severities of
// Trivy's built-in policies) judged from the controller's own pod spec, so a
// privileged container shows up as KSV017 wherever it runs. Deterministic and
// outside the plan's random stream: adding them changes no other object.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../types';

type SecurityContext = { privileged?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { add?: string[]; drop?: string[] } };
type Container = { name: string; image: string; securityContext?: SecurityContext; resources?: { limits?: Record<string, string> } };
type PodSpec = { hostNetwork?: boolean; securityContext?: { runAsNonRoot?: boolean }; volumes?: { hostPath?: unknown }[]; containers?: Container[] };
type Check = { id: string; title: string; severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW'; fails: (c: Container, pod: PodSpec) => boolean };

const CHECKS: Check[] = [
  { id: 'KSV017', title: 'Privileged container', severity: 'HIGH', fails: (c) => c.securityContext?.privileged === true },
  { id: 'KSV009', title: 'Access to host network', severity: 'HIGH', fails: (_, p) => p.hostNetwork === true },
  { id: 'KSV005', title: 'SYS_ADMIN capability added', severity: 'HIGH', fails: (c) => (c.securityContext?.capabilities?.add ?? []).includes('SYS_ADMIN') },
  { id: 'KSV001', title: 'Process can elevate its own privileges', severity: 'MEDIUM', fails: (c) => c.securityContext?.allowPrivilegeEscalation !== false },
  { id: 'KSV012', title: 'Runs as root user', severity: 'MEDIUM', fails: (c, p) => c.securityContext?.runAsNonRoot !== true && p.securityContext?.runAsNonRoot !== true },
  { id: 'KSV013', title: "Image tag ':latest' used", severity: 'MEDIUM', fails: (c) => !/:[^/]+$/.test(c.image) || c.image.endsWith(':latest') },
  { id: 'KSV023', title: 'hostPath volumes mounted', severity: 'MEDIUM', fails: (_, p) => (p.volumes ?? []).some((v) => v.hostPath) },
  { id: 'KSV003', title: 'Default capabilities not dropped', severity: 'LOW', fails: (c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL') },
  { id: 'KSV011', title: 'CPU not limited', severity: 'LOW', fails: (c) => !c.resources?.limits?.cpu },
  { id: 'KSV018', title: 'Memory not limited', severity: 'LOW', fails: (c) => !c.resources?.limits?.memory },
  { id: 'KSV014', title: 'Root file system is not read-only', severity: 'LOW', fails: (c) => c.securityContext?.readOnlyRootFilesystem !== true },
];

const uid = (key: string) => {
  const h = createHash('sha256').update(`config-audit/${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function podSpecOf(o: KubeObject): PodSpec {
  return (o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec) ?? {};
}

/** ConfigAuditReports for the running controllers among `objects`. */
export function configAuditReports(objects: readonly KubeObject[], now: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (const o of objects) {
    const running = (o.kind === 'ReplicaSet' && (o.spec?.replicas ?? 0) > 0) || o.kind === 'StatefulSet' || o.kind === 'DaemonSet' || o.kind === 'CronJob';
    if (!running) continue;
    const pod = podSpecOf(o);
    const containers = pod.containers ?? [];
    const checks = CHECKS.map((k) => {
      const failing = containers.filter((c) => k.fails(c, pod));
      return { checkID: k.id, title: k.title, severity: k.severity, category: 'Kubernetes Security Check', success: failing.length === 0, messages: failing.map((c) => `Container '${c.name}' of ${o.kind} '${o.metadata.name}' fails ${k.id}`) };
    });
    const failed = checks.filter((c) => !c.success);
    const count = (s: string) => failed.filter((c) => c.severity === s).length;
    const key = `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`;
    // Scanned within the last hours; the minute comes from the object, not the clock's randomness.
    const scanned = now - (1 + (parseInt(uid(key).slice(0, 4), 16) % 600)) * 60_000;
    out.push({
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'ConfigAuditReport',
      metadata: {
        name: `${o.kind.toLowerCase()}-${o.metadata.name}`.slice(0, 253),
        namespace: o.metadata.namespace,
        uid: uid(key),
        resourceVersion: '1',
        generation: 1,
        creationTimestamp: iso(scanned),
        labels: {
          'plugin-config-hash': uid(`${key}/plugin`).slice(0, 10),
          'resource-spec-hash': uid(`${key}/spec`).slice(0, 10),
          'trivy-operator.resource.kind': o.kind,
          'trivy-operator.resource.name': o.metadata.name,
          'trivy-operator.resource.namespace': o.metadata.namespace ?? '',
        },
        ownerReferences: [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: false }],
      },
      report: {
        scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.50.1' },
        summary: { criticalCount: count('CRITICAL'), highCount: count('HIGH'), mediumCount: count('MEDIUM'), lowCount: count('LOW') },
        updateTimestamp: iso(scanned),
        checks,
      },
    });
  }
  return out;
}
