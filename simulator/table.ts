// Server-side printing (meta.k8s.io/v1 Table), as kubectl requests with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns follow the API
// server's built-in printers and the CRDs' additionalPrinterColumns.

import { humanDuration } from './plan';
import { resourceId, type ResourceDef } from './resources';
import { CRD_PRINTERS } from './table-crds';
import type { KubeObject } from './types';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;
type Printer = { columns: [string, Column['type'], number, string?][]; row: (o: KubeObject, now: number) => Cell[] };

const age = (o: KubeObject, now: number) => (o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');
const since = (t: string | undefined, now: number) => (t ? humanDuration(now - Date.parse(t)) : '<none>');
const orNone = (v: unknown) => (v === undefined || v === null || v === '' ? '<none>' : String(v));

function selectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!sel) return '<none>';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function containers(o: KubeObject, path: 'spec' | 'template'): { name: string; image: string }[] {
  const spec = path === 'spec' ? o.spec : o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
  return spec?.containers ?? [];
}

const names = (o: KubeObject) => containers(o, 'template').map((c) => c.name).join(',');
const images = (o: KubeObject) => containers(o, 'template').map((c) => c.image).join(',');

function condition(o: KubeObject, type: string): { status?: string; message?: string; reason?: string } | undefined {
  return (o.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

/** kubectl's pod STATUS column. */
export function podStatusReason(p: KubeObject): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  let reason: string = p.status?.reason ?? p.status?.phase ?? 'Unknown';
  const inits = (p.status?.initContainerStatuses ?? []) as { state?: Record<string, { reason?: string; exitCode?: number }> }[];
  for (let i = 0; i < inits.length; i++) {
    const st = inits[i]!.state ?? {};
    if (st.terminated && st.terminated.exitCode === 0) continue;
    if (st.waiting?.reason && st.waiting.reason !== 'PodInitializing') return `Init:${st.waiting.reason}`;
    if (st.terminated) return `Init:${st.terminated.reason ?? 'Error'}`;
    return `Init:${i}/${inits.length}`;
  }
  let running = false;
  for (const cs of (p.status?.containerStatuses ?? []) as { ready?: boolean; state?: Record<string, { reason?: string; exitCode?: number }> }[]) {
    const st = cs.state ?? {};
    if (st.waiting?.reason) reason = st.waiting.reason;
    else if (st.terminated?.reason) reason = st.terminated.reason;
    else if (st.terminated) reason = `ExitCode:${st.terminated.exitCode}`;
    else if (st.running && cs.ready) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  return reason;
}

function podReady(p: KubeObject): string {
  const cs = (p.status?.containerStatuses ?? []) as { ready?: boolean }[];
  const total = (p.spec?.containers ?? []).length;
  return `${cs.filter((c) => c.ready).length}/${total}`;
}

function podRestarts(p: KubeObject, now: number): string {
  let n = 0;
  let last: string | undefined;
  for (const cs of (p.status?.containerStatuses ?? []) as { restartCount?: number; lastState?: { terminated?: { finishedAt?: string } } }[]) {
    n += cs.restartCount ?? 0;
    const f = cs.lastState?.terminated?.finishedAt;
    if (f && (!last || f > last)) last = f;
  }
  return n > 0 && last ? `${n} (${humanDuration(now - Date.parse(last))} ago)` : String(n);
}

function nodeStatus(n: KubeObject): string {
  const ready = condition(n, 'Ready');
  let s = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  if (s === 'Unknown') s = 'NotReady';
  if (n.spec?.unschedulable) s += ',SchedulingDisabled';
  return s;
}

function nodeRoles(n: KubeObject): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.join(',') : '<none>';
}

function servicePorts(s: KubeObject): string {
  const ports = (s.spec?.ports ?? []) as { port: number; nodePort?: number; protocol?: string }[];
  if (!ports.length) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function externalIp(s: KubeObject): string {
  const type = s.spec?.type;
  if (type === 'LoadBalancer') {
    const ing = (s.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[];
    return ing.length ? ing.map((i) => i.ip ?? i.hostname).join(',') : '<pending>';
  }
  return (s.spec?.externalIPs ?? []).join(',') || '<none>';
}

function hpaTargets(h: KubeObject): string {
  const specs = (h.spec?.metrics ?? []) as { type: string; resource?: { name: string; target?: { averageUtilization?: number; averageValue?: string } } }[];
  const cur = (h.status?.currentMetrics ?? []) as { resource?: { name: string; current?: { averageUtilization?: number; averageValue?: string } } }[];
  if (!specs.length) return '<none>';
  return specs
    .map((m) => {
      if (m.type !== 'Resource' || !m.resource) return '<unknown>/<unknown>';
      const c = cur.find((x) => x.resource?.name === m.resource!.name)?.resource?.current;
      const t = m.resource.target;
      if (t?.averageUtilization !== undefined) return `${m.resource.name}: ${c?.averageUtilization !== undefined ? `${c.averageUtilization}%` : '<unknown>'}/${t.averageUtilization}%`;
      return `${m.resource.name}: ${c?.averageValue ?? '<unknown>'}/${t?.averageValue ?? '<unknown>'}`;
    })
    .join(', ');
}

function jobStatus(j: KubeObject): string {
  if (condition(j, 'Complete')?.status === 'True') return 'Complete';
  if (condition(j, 'Failed')?.status === 'True') return 'Failed';
  if (j.metadata.deletionTimestamp) return 'Terminating';
  if (condition(j, 'Suspended')?.status === 'True') return 'Suspended';
  return 'Running';
}

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [['Name', 'string', 0, 'name'], ['Ready', 'string', 0], ['Status', 'string', 0], ['Restarts', 'string', 0], ['Age', 'string', 0], ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1]],
    row: (p, now) => [p.metadata.name, podReady(p), podStatusReason(p), podRestarts(p, now), age(p, now), orNone(p.status?.podIP), orNone(p.spec?.nodeName), orNone(p.status?.nominatedNodeName), '<none>'],
  },
  nodes: {
    columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Roles', 'string', 0], ['Age', 'string', 0], ['Version', 'string', 0], ['Internal-IP', 'string', 1], ['External-IP', 'string', 1], ['OS-Image', 'string', 1], ['Kernel-Version', 'string', 1], ['Container-Runtime', 'string', 1]],
    row: (n, now) => {
      const addr = (t: string) => orNone((n.status?.addresses ?? []).find((a: { type: string }) => a.type === t)?.address);
      const i = n.status?.nodeInfo ?? {};
      return [n.metadata.name, nodeStatus(n), nodeRoles(n), age(n, now), orNone(i.kubeletVersion), addr('InternalIP'), addr('ExternalIP'), orNone(i.osImage), orNone(i.kernelVersion), orNone(i.containerRuntimeVersion)];
    },
  },
  namespaces: { columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Age', 'string', 0]], row: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, now)] },
  services: {
    columns: [['Name', 'string', 0, 'name'], ['Type', 'string', 0], ['Cluster-IP', 'string', 0], ['External-IP', 'string', 0], ['Port(s)', 'string', 0], ['Age', 'string', 0], ['Selector', 'string', 1]],
    row: (s, now) => [s.metadata.name, s.spec?.type ?? 'ClusterIP', orNone(s.spec?.clusterIP), externalIp(s), servicePorts(s), age(s, now), s.spec?.selector ? selectorString({ matchLabels: s.spec.selector }) : '<none>'],
  },
  events: {
    columns: [['Last Seen', 'string', 0], ['Type', 'string', 0], ['Reason', 'string', 0], ['Object', 'string', 0], ['Subobject', 'string', 1], ['Source', 'string', 1], ['Message', 'string', 0], ['First Seen', 'string', 1], ['Count', 'string', 1], ['Name', 'string', 1, 'name']],
    row: (e, now) => {
      const io = e.involvedObject ?? {};
      const src = e.source?.component ? `${e.source.component}${e.source.host ? `, ${e.source.host}` : ''}` : orNone(e.reportingComponent);
      return [since(e.lastTimestamp ?? e.eventTime, now), e.type ?? '', e.reason ?? '', `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`, io.fieldPath ?? '', src, e.message ?? '', since(e.firstTimestamp ?? e.eventTime, now), String(e.count ?? 1), e.metadata.name];
    },
  },
  persistentvolumeclaims: {
    columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Volume', 'string', 0], ['Capacity', 'string', 0], ['Access Modes', 'string', 0], ['StorageClass', 'string', 0], ['VolumeAttributesClass', 'string', 0], ['Age', 'string', 0], ['VolumeMode', 'string', 1]],
    row: (o, now) => [o.metadata.name, o.status?.phase ?? 'Pending', o.spec?.volumeName ?? '', o.status?.capacity?.storage ?? '', accessModes(o.status?.accessModes), o.spec?.storageClassName ?? '', '<unset>', age(o, now), o.spec?.volumeMode ?? 'Filesystem'],
  },
  persistentvolumes: {
    columns: [['Name', 'string', 0, 'name'], ['Capacity', 'string', 0], ['Access Modes', 'string', 0], ['Reclaim Policy', 'string', 0], ['Status', 'string', 0], ['Claim', 'string', 0], ['StorageClass', 'string', 0], ['VolumeAttributesClass', 'string', 0], ['Reason', 'string', 0], ['Age', 'string', 0], ['VolumeMode', 'string', 1]],
    row: (o, now) => [o.metadata.name, o.spec?.capacity?.storage ?? '', accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? '', o.status?.phase ?? '', o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : '', o.spec?.storageClassName ?? '', '<unset>', o.status?.reason ?? '', age(o, now), o.spec?.volumeMode ?? 'Filesystem'],
  },
  configmaps: { columns: [['Name', 'string', 0, 'name'], ['Data', 'integer', 0], ['Age', 'string', 0]], row: (o, now) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o, now)] },
  'apps/deployments': {
    columns: [['Name', 'string', 0, 'name'], ['Ready', 'string', 0], ['Up-to-date', 'integer', 0], ['Available', 'integer', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (d, now) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age(d, now), names(d), images(d), selectorString(d.spec?.selector)],
  },
  'apps/statefulsets': {
    columns: [['Name', 'string', 0, 'name'], ['Ready', 'string', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1]],
    row: (s, now) => [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age(s, now), names(s), images(s)],
  },
  'apps/daemonsets': {
    columns: [['Name', 'string', 0, 'name'], ['Desired', 'integer', 0], ['Current', 'integer', 0], ['Ready', 'integer', 0], ['Up-to-date', 'integer', 0], ['Available', 'integer', 0], ['Node Selector', 'string', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (d, now) => {
      const s = d.status ?? {};
      const ns = d.spec?.template?.spec?.nodeSelector;
      return [d.metadata.name, s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0, s.numberAvailable ?? 0, ns ? selectorString({ matchLabels: ns }) : '<none>', age(d, now), names(d), images(d), selectorString(d.spec?.selector)];
    },
  },
  'apps/replicasets': {
    columns: [['Name', 'string', 0, 'name'], ['Desired', 'integer', 0], ['Current', 'integer', 0], ['Ready', 'integer', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (r, now) => [r.metadata.name, r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(r, now), names(r), images(r), selectorString(r.spec?.selector)],
  },
  'batch/jobs': {
    columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Completions', 'string', 0], ['Duration', 'string', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (j, now) => {
      const start = j.status?.startTime;
      const end = j.status?.completionTime;
      const duration = start ? humanDuration((end ? Date.parse(end) : now) - Date.parse(start)) : '';
      return [j.metadata.name, jobStatus(j), `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`, duration, age(j, now), names(j), images(j), selectorString(j.spec?.selector)];
    },
  },
  'batch/cronjobs': {
    columns: [['Name', 'string', 0, 'name'], ['Schedule', 'string', 0], ['Timezone', 'string', 0], ['Suspend', 'boolean', 0], ['Active', 'integer', 0], ['Last Schedule', 'string', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (c, now) => [c.metadata.name, c.spec?.schedule ?? '', orNone(c.spec?.timeZone), !!c.spec?.suspend, (c.status?.active ?? []).length, since(c.status?.lastScheduleTime, now), age(c, now), names(c), images(c), '<none>'],
  },
  'policy/poddisruptionbudgets': {
    columns: [['Name', 'string', 0, 'name'], ['Min Available', 'string', 0], ['Max Unavailable', 'string', 0], ['Allowed Disruptions', 'integer', 0], ['Age', 'string', 0]],
    row: (p, now) => [p.metadata.name, p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A', p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A', p.status?.disruptionsAllowed ?? 0, age(p, now)],
  },
  'autoscaling/horizontalpodautoscalers': {
    columns: [['Name', 'string', 0, 'name'], ['Reference', 'string', 0], ['Targets', 'string', 0], ['MinPods', 'string', 0], ['MaxPods', 'integer', 0], ['Replicas', 'integer', 0], ['Age', 'string', 0]],
    row: (h, now) => [h.metadata.name, `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`, hpaTargets(h), String(h.spec?.minReplicas ?? 1), h.spec?.maxReplicas ?? 0, h.status?.currentReplicas ?? 0, age(h, now)],
  },
  'networking.k8s.io/networkpolicies': {
    columns: [['Name', 'string', 0, 'name'], ['Pod-Selector', 'string', 0], ['Age', 'string', 0]],
    row: (n, now) => [n.metadata.name, selectorString(n.spec?.podSelector) === '<none>' ? '<none>' : selectorString(n.spec?.podSelector), age(n, now)],
  },
  'networking.k8s.io/ingresses': {
    columns: [['Name', 'string', 0, 'name'], ['Class', 'string', 0], ['Hosts', 'string', 0], ['Address', 'string', 0], ['Ports', 'string', 0], ['Age', 'string', 0]],
    row: (i, now) => [
      i.metadata.name,
      orNone(i.spec?.ingressClassName),
      ((i.spec?.rules ?? []) as { host?: string }[]).map((r) => r.host ?? '*').join(',') || '*',
      ((i.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((x) => x.ip ?? x.hostname).join(','),
      i.spec?.tls?.length ? '80, 443' : '80',
      age(i, now),
    ],
  },
  'networking.k8s.io/ingressclasses': {
    columns: [['Name', 'string', 0, 'name'], ['Controller', 'string', 0], ['Parameters', 'string', 0], ['Age', 'string', 0]],
    row: (i, now) => [i.metadata.name, i.spec?.controller ?? '', '<none>', age(i, now)],
  },
  'storage.k8s.io/storageclasses': {
    columns: [['Name', 'string', 0, 'name'], ['Provisioner', 'string', 0], ['ReclaimPolicy', 'string', 0], ['VolumeBindingMode', 'string', 0], ['AllowVolumeExpansion', 'string', 0], ['Age', 'string', 0]],
    row: (s, now) => [
      s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${s.metadata.name} (default)` : s.metadata.name,
      s.provisioner ?? '',
      s.reclaimPolicy ?? 'Delete',
      s.volumeBindingMode ?? 'Immediate',
      String(!!s.allowVolumeExpansion),
      age(s, now),
    ],
  },
  'cert-manager.io/certificates': {
    columns: [['Name', 'string', 0, 'name'], ['Ready', 'string', 0], ['Secret', 'string', 0], ['Issuer', 'string', 1], ['Status', 'string', 1], ['Age', 'date', 0]],
    row: (c, now) => [c.metadata.name, condition(c, 'Ready')?.status ?? '', c.spec?.secretName ?? '', c.spec?.issuerRef?.name ?? '', condition(c, 'Ready')?.message ?? '', age(c, now)],
  },
  'cert-manager.io/clusterissuers': {
    columns: [['Name', 'string', 0, 'name'], ['Ready', 'string', 0], ['Status', 'string', 1], ['Age', 'date', 0]],
    row: (c, now) => [c.metadata.name, condition(c, 'Ready')?.status ?? '', condition(c, 'Ready')?.message ?? '', age(c, now)],
  },
  'aquasecurity.github.io/vulnerabilityreports': {
    columns: [['Name', 'string', 0, 'name'], ['Repository', 'string', 0], ['Tag', 'string', 0], ['Scanner', 'string', 0], ['Age', 'date', 0], ['Critical', 'integer', 1], ['High', 'integer', 1], ['Medium', 'integer', 1], ['Low', 'integer', 1], ['Unknown', 'integer', 1]],
    row: (v, now) => [v.metadata.name, v.report?.artifact?.repository ?? '', v.report?.artifact?.tag ?? '', v.report?.scanner?.name ?? '', age(v, now), v.report?.summary?.criticalCount ?? 0, v.report?.summary?.highCount ?? 0, v.report?.summary?.mediumCount ?? 0, v.report?.summary?.lowCount ?? 0, v.report?.summary?.unknownCount ?? 0],
  },
  'cert-manager.io/certificaterequests': {
    columns: [['Name', 'string', 0, 'name'], ['Approved', 'string', 0], ['Denied', 'string', 0], ['Ready', 'string', 0], ['Issuer', 'string', 0], ['Status', 'string', 1], ['Age', 'date', 0]],
    row: (c, now) => [c.metadata.name, condition(c, 'Approved')?.status ?? '', condition(c, 'Denied')?.status ?? '', condition(c, 'Ready')?.status ?? '', c.spec?.issuerRef?.name ?? '', condition(c, 'Ready')?.message ?? '', age(c, now)],
  },
  'cert-manager.io/issuers': {
    columns: [['Name', 'string', 0, 'name'], ['Ready', 'string', 0], ['Status', 'string', 1], ['Age', 'date', 0]],
    row: (c, now) => [c.metadata.name, condition(c, 'Ready')?.status ?? '', condition(c, 'Ready')?.message ?? '', age(c, now)],
  },
  'velero.io/backups': {
    columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Errors', 'integer', 0], ['Warnings', 'integer', 0], ['Created', 'date', 0], ['Expires', 'string', 0], ['Storage Location', 'string', 0]],
    row: (b, now) => [b.metadata.name, b.status?.phase ?? '', b.status?.errors ?? 0, b.status?.warnings ?? 0, since(b.status?.startTimestamp, now), b.status?.expiration ?? '', b.spec?.storageLocation ?? ''],
  },
  'velero.io/restores': {
    columns: [['Name', 'string', 0, 'name'], ['Backup', 'string', 0], ['Status', 'string', 0], ['Started', 'date', 0], ['Completed', 'date', 0], ['Errors', 'integer', 0], ['Warnings', 'integer', 0], ['Age', 'date', 0]],
    row: (r, now) => [r.metadata.name, r.spec?.backupName ?? '', r.status?.phase ?? '', since(r.status?.startTimestamp, now), since(r.status?.completionTimestamp, now), r.status?.errors ?? 0, r.status?.warnings ?? 0, age(r, now)],
  },
  'velero.io/schedules': {
    columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Schedule', 'string', 0], ['LastBackup', 'date', 0], ['Age', 'date', 0], ['Paused', 'string', 0]],
    row: (s, now) => [s.metadata.name, s.status?.phase ?? '', s.spec?.schedule ?? '', since(s.status?.lastBackup, now), age(s, now), s.spec?.paused ? 'true' : ''],
  },
  'argoproj.io/applications': {
    columns: [['Name', 'string', 0, 'name'], ['Sync Status', 'string', 0], ['Health Status', 'string', 0], ['Revision', 'string', 10], ['Project', 'string', 10]],
    row: (a) => [a.metadata.name, a.status?.sync?.status ?? '', a.status?.health?.status ?? '', a.status?.sync?.revision ?? '', a.spec?.project ?? ''],
  },
  'sloth.slok.dev/prometheusservicelevels': {
    columns: [['Name', 'string', 0, 'name'], ['Service', 'string', 0], ['Desired SLOs', 'integer', 0], ['Ready SLOs', 'integer', 0], ['Gen OK', 'boolean', 0], ['Gen Age', 'date', 0], ['Age', 'date', 0]],
    row: (s, now) => [s.metadata.name, s.spec?.service ?? '', (s.spec?.slos ?? []).length, s.status?.processedSLOs ?? 0, (s.status?.promOpSLOsGenerated ?? 0) > 0, since(s.status?.lastPromOpRulesSuccessfulGenerated, now), age(s, now)],
  },
};

function accessModes(modes: string[] | undefined): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  return (modes ?? []).map((m) => short[m] ?? m).join(',');
}

const DEFAULT_PRINTER: Printer = { columns: [['Name', 'string', 0, 'name'], ['Age', 'string', 0]], row: (o, now) => [o.metadata.name, age(o, now)] };

const DESCRIPTIONS: Record<string, string> = {
  Name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  Age: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
};

function printerFor(def: ResourceDef): Printer {
  return PRINTERS[resourceId(def)] ?? CRD_PRINTERS[resourceId(def)] ?? DEFAULT_PRINTER;
}

export function tableColumns(def: ResourceDef): Column[] {
  return printerFor(def).columns.map(([name, type, priority, format]) => ({
    name,
    type,
    format: format ?? '',
    description: DESCRIPTIONS[name] ?? name,
    priority,
  }));
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function partialObjectMetadata(o: KubeObject): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function tableRows(def: ResourceDef, items: KubeObject[], now: number, include: IncludeObject): unknown[] {
  const p = printerFor(def);
  return items.map((o) => ({
    cells: p.row(o, now),
    ...(include === 'None' ? {} : { object: include === 'Object' ? o : partialObjectMetadata(o) }),
  }));
}

export function toTable(
  def: ResourceDef,
  items: KubeObject[],
  now: number,
  include: IncludeObject,
  listMeta: Record<string, unknown>,
  withColumns = true,
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? tableColumns(def) : null,
    rows: tableRows(def, items, now, include),
  };
}
