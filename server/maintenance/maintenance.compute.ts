// Cluster maintenance: the Kubernetes version skew policy per node, the
// control plane's upstream end of life, node age and OS/kernel/runtime groups.
//
// Skew policy (kubernetes.io/releases/version-skew-policy):
// - kubelet must not be newer than kube-apiserver; it may be up to three minor
//   versions older (two before kube-apiserver 1.28).
// - kube-proxy: the same bounds against kube-apiserver.
// - kubectl: within one minor version (older or newer) of kube-apiserver.
// A node at the oldest allowed minor is a warning: the next control-plane
// upgrade takes it out of policy unless the node is upgraded first.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

/** Parses "v1.30.6", "v1.29.10-eks-59bf375", "1.28", "v1.27.3+k3s1"; null otherwise. */
export function parseVersion(raw: string | null | undefined): Version | null {
  if (!raw) return null;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw: raw.trim() };
}

function minorOf(v: Version): string {
  return `${v.major}.${v.minor}`;
}

/** How many minor versions older a kubelet may be than this kube-apiserver. */
export function allowedKubeletLag(apiServer: Version): number {
  return apiServer.major === 1 && apiServer.minor < 28 ? 2 : 3;
}

type SkewStatus = 'ok' | 'warning' | 'violation' | 'unknown';

export interface SkewResult {
  status: SkewStatus;
  /** Minor versions the component is behind the API server (negative: ahead). */
  minorsBehind: number | null;
  explanation: string;
}

function minorsBetween(newer: Version, older: Version): number | null {
  // Kubernetes is 1.x; a major difference cannot be expressed in minors.
  if (newer.major !== older.major) return null;
  return newer.minor - older.minor;
}

/** kubelet (or kube-proxy) against kube-apiserver. */
export function kubeletSkew(apiServerRaw: string | null | undefined, componentRaw: string | null | undefined, component = 'kubelet'): SkewResult {
  const api = parseVersion(apiServerRaw);
  const node = parseVersion(componentRaw);
  if (!api || !node) {
    return { status: 'unknown', minorsBehind: null, explanation: `Cannot compare: ${!api ? 'the control-plane version' : `the ${component} version`} is unknown or unreadable.` };
  }
  const behind = minorsBetween(api, node);
  if (behind === null) return { status: 'violation', minorsBehind: null, explanation: `${component} ${node.raw} and kube-apiserver ${api.raw} have different major versions.` };
  const lag = allowedKubeletLag(api);
  const policy = `kube-apiserver ${minorOf(api)} supports ${component}s from ${api.major}.${Math.max(0, api.minor - lag)} to ${minorOf(api)}`;
  // Patch versions do not matter to the policy: it speaks of minor versions.
  if (behind < 0) {
    return { status: 'violation', minorsBehind: behind, explanation: `${component} ${minorOf(node)} is newer than the control plane (${minorOf(api)}); ${component}s must never be newer than kube-apiserver. Upgrade the control plane first.` };
  }
  if (behind > lag) {
    return { status: 'violation', minorsBehind: behind, explanation: `${component} ${minorOf(node)} is ${behind} minor versions behind the control plane; ${policy}. Upgrade or replace this node.` };
  }
  if (behind === lag) {
    return { status: 'warning', minorsBehind: behind, explanation: `${component} ${minorOf(node)} is ${behind} minor versions behind, the most the policy allows (${policy}): the next control-plane upgrade would put it out of policy. Upgrade it first.` };
  }
  return {
    status: 'ok',
    minorsBehind: behind,
    explanation: behind === 0 ? `Same minor version as the control plane.` : `${behind} minor version${behind === 1 ? '' : 's'} behind the control plane, within policy (up to ${lag}).`,
  };
}

/** kubectl must be within one minor version of kube-apiserver, either way. */
export function kubectlSkew(apiServerRaw: string | null | undefined, kubectlRaw: string | null | undefined): SkewResult {
  const api = parseVersion(apiServerRaw);
  const client = parseVersion(kubectlRaw);
  if (!api || !client) return { status: 'unknown', minorsBehind: null, explanation: 'Cannot compare: a version is unknown or unreadable.' };
  const behind = minorsBetween(api, client);
  if (behind === null || Math.abs(behind) > 1) {
    return { status: 'violation', minorsBehind: behind, explanation: `kubectl ${minorOf(client)} is outside the supported range for kube-apiserver ${minorOf(api)} (${kubectlRange(api)}).` };
  }
  return { status: 'ok', minorsBehind: behind, explanation: `kubectl ${minorOf(client)} is supported with kube-apiserver ${minorOf(api)} (${kubectlRange(api)}).` };
}

function kubectlRange(api: Version): string {
  return `${api.major}.${Math.max(0, api.minor - 1)} to ${api.major}.${api.minor + 1}`;
}

// ---- upstream end of life ----

/**
 * Upstream end-of-life dates per minor release: a static copy of
 * kubernetes/website data/releases/eol.yaml (ended releases) and
 * schedule.yaml (planned dates of supported ones), as published on
 * kubernetes.io/releases in 2026. It does not update itself; managed
 * offerings (EKS, GKE, AKS extended support) have their own, later dates.
 */
const UPSTREAM_EOL: Readonly<Record<string, { date: string; planned: boolean }>> = {
  '1.22': { date: '2022-12-08', planned: false },
  '1.23': { date: '2023-02-28', planned: false },
  '1.24': { date: '2023-07-28', planned: false },
  '1.25': { date: '2023-10-28', planned: false },
  '1.26': { date: '2024-02-28', planned: false },
  '1.27': { date: '2024-07-16', planned: false },
  '1.28': { date: '2024-10-22', planned: false },
  '1.29': { date: '2025-02-28', planned: false },
  '1.30': { date: '2025-07-15', planned: false },
  '1.31': { date: '2025-11-11', planned: false },
  '1.32': { date: '2026-02-28', planned: false },
  '1.33': { date: '2026-06-28', planned: true },
  '1.34': { date: '2026-10-27', planned: true },
  '1.35': { date: '2027-02-28', planned: true },
  '1.36': { date: '2027-06-28', planned: true },
  '1.37': { date: '2027-10-28', planned: true },
};

export const EOL_SOURCE = 'kubernetes.io/releases (kubernetes/website data/releases), static copy';

export type SupportStatus =
  | { status: 'supported'; endOfLife: Date; daysLeft: number; planned: boolean }
  | { status: 'ending-soon'; endOfLife: Date; daysLeft: number; planned: boolean }
  | { status: 'end-of-life'; endOfLife: Date; daysAgo: number; planned: boolean }
  | { status: 'unknown' };

/** Within this many days of the end of life, a release is "ending soon". */
const EOL_WARNING_DAYS = 90;
const DAY_MS = 86_400_000;

export function upstreamSupport(version: string | null | undefined, now: Date, table = UPSTREAM_EOL): SupportStatus {
  const v = parseVersion(version);
  const entry = v ? table[minorOf(v)] : undefined;
  if (!entry) {
    // Older than the table's first entry: certainly ended.
    const first = Object.keys(table).map((m) => parseVersion(m)!)[0];
    if (v && first && v.major === first.major && v.minor < first.minor) {
      const endOfLife = new Date(`${table[minorOf(first)]!.date}T00:00:00Z`);
      return { status: 'end-of-life', endOfLife, daysAgo: Math.floor((now.getTime() - endOfLife.getTime()) / DAY_MS), planned: false };
    }
    return { status: 'unknown' };
  }
  // Support ends at the end of the listed day (UTC).
  const endOfLife = new Date(`${entry.date}T00:00:00Z`);
  const end = endOfLife.getTime() + DAY_MS;
  if (now.getTime() >= end) return { status: 'end-of-life', endOfLife, daysAgo: Math.floor((now.getTime() - end) / DAY_MS) + 1, planned: entry.planned };
  const daysLeft = Math.ceil((end - now.getTime()) / DAY_MS);
  return { status: daysLeft <= EOL_WARNING_DAYS ? 'ending-soon' : 'supported', endOfLife, daysLeft, planned: entry.planned };
}

export function describeSupport(minor: string, s: SupportStatus): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  switch (s.status) {
    case 'unknown':
      return `Kubernetes ${minor} is not in Runwell's end-of-life table.`;
    case 'end-of-life':
      return `Kubernetes ${minor} reached upstream end of life on ${day(s.endOfLife)}: no more security fixes. Plan the upgrade now.`;
    case 'ending-soon':
      return `Kubernetes ${minor} reaches upstream end of life on ${day(s.endOfLife)}${s.planned ? ' (planned)' : ''}, in ${s.daysLeft} days.`;
    case 'supported':
      return `Kubernetes ${minor} is supported upstream until ${day(s.endOfLife)}${s.planned ? ' (planned)' : ''}.`;
  }
}

// ---- nodes ----

export interface MaintenanceNodeInput {
  name: string;
  kubeletVersion: string | null;
  kubeProxyVersion?: string | null;
  osImage: string | null;
  kernelVersion: string | null;
  containerRuntimeVersion: string | null;
  architecture?: string | null;
  createdAt: Date | null;
  zone?: string | null;
  ready?: boolean;
  unschedulable?: boolean;
}

export interface NodeMaintenance {
  name: string;
  zone: string | null;
  kubeletVersion: string | null;
  skew: SkewResult;
  /** Would the node still be in policy after upgrading the control plane by one minor? */
  blocksNextUpgrade: boolean;
  ageDays: number | null;
  old: boolean;
  osImage: string | null;
  kernelVersion: string | null;
  containerRuntimeVersion: string | null;
  architecture: string | null;
}

/** Nodes older than this are worth replacing for OS and kernel patches (image-based nodes are not patched in place). */
const OLD_NODE_DAYS = 90;

function nextMinor(v: Version): string {
  return `v${v.major}.${v.minor + 1}.0`;
}

export function nodeMaintenance(controlPlane: string | null | undefined, nodes: readonly MaintenanceNodeInput[], now: Date): NodeMaintenance[] {
  const api = parseVersion(controlPlane);
  return nodes.map((n) => {
    const skew = kubeletSkew(controlPlane, n.kubeletVersion);
    const after = api ? kubeletSkew(nextMinor(api), n.kubeletVersion) : null;
    const ageDays = n.createdAt ? Math.floor((now.getTime() - n.createdAt.getTime()) / DAY_MS) : null;
    return {
      name: n.name,
      zone: n.zone ?? null,
      kubeletVersion: n.kubeletVersion,
      skew,
      blocksNextUpgrade: after !== null && after.status === 'violation',
      ageDays,
      old: ageDays !== null && ageDays > OLD_NODE_DAYS,
      osImage: n.osImage,
      kernelVersion: n.kernelVersion,
      containerRuntimeVersion: n.containerRuntimeVersion,
      architecture: n.architecture ?? null,
    };
  });
}

export interface Group {
  value: string;
  nodes: number;
  /** A few node names, for the table. */
  examples: string[];
}

/** Counts nodes per value (OS image, kernel, runtime, kubelet), most common first. */
export function groupBy(nodes: readonly NodeMaintenance[], key: (n: NodeMaintenance) => string | null, examples = 3): Group[] {
  const groups = new Map<string, Group>();
  for (const n of nodes) {
    const value = key(n) ?? 'unknown';
    let g = groups.get(value);
    if (!g) groups.set(value, (g = { value, nodes: 0, examples: [] }));
    g.nodes++;
    if (g.examples.length < examples) g.examples.push(n.name);
  }
  return [...groups.values()].sort((a, b) => b.nodes - a.nodes || a.value.localeCompare(b.value));
}

export interface MaintenanceSummary {
  controlPlane: { version: string | null; minor: string | null; support: SupportStatus; explanation: string };
  skew: Record<SkewStatus, number>;
  /** Nodes that must be upgraded before the control plane can move one minor up. */
  blockingNextUpgrade: number;
  nextUpgrade: string | null;
  kubectlRange: string | null;
  oldNodes: number;
  oldestNodeDays: number | null;
  groups: { osImage: Group[]; kernelVersion: Group[]; containerRuntimeVersion: Group[]; kubeletVersion: Group[] };
}

/** Nodes per skew status. */
export function skewCounts(nodes: readonly Pick<NodeMaintenance, 'skew'>[]): Record<SkewStatus, number> {
  const skew: Record<SkewStatus, number> = { ok: 0, warning: 0, violation: 0, unknown: 0 };
  for (const n of nodes) skew[n.skew.status]++;
  return skew;
}

export function maintenanceSummary(controlPlane: string | null | undefined, nodes: readonly NodeMaintenance[], now: Date): MaintenanceSummary {
  const api = parseVersion(controlPlane);
  const support = upstreamSupport(controlPlane, now);
  const skew = skewCounts(nodes);
  const ages = nodes.map((n) => n.ageDays).filter((d): d is number => d !== null);
  return {
    controlPlane: {
      version: controlPlane ?? null,
      minor: api ? minorOf(api) : null,
      support,
      explanation: api ? describeSupport(minorOf(api), support) : 'The control-plane version is not known yet (it is read from /version when the cluster is tested or synced).',
    },
    skew,
    blockingNextUpgrade: nodes.filter((n) => n.blocksNextUpgrade).length,
    nextUpgrade: api ? `${api.major}.${api.minor + 1}` : null,
    kubectlRange: api ? kubectlRange(api) : null,
    oldNodes: nodes.filter((n) => n.old).length,
    oldestNodeDays: ages.length ? Math.max(...ages) : null,
    groups: {
      osImage: groupBy(nodes, (n) => n.osImage),
      kernelVersion: groupBy(nodes, (n) => n.kernelVersion),
      containerRuntimeVersion: groupBy(nodes, (n) => n.containerRuntimeVersion),
      kubeletVersion: groupBy(nodes, (n) => n.kubeletVersion),
    },
  };
}
