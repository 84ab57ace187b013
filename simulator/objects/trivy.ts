// Trivy Operator VulnerabilityReports (aquasecurity.github.io/v1alpha1): one per
// container of each running controller, named and labelled the way the
// operator does (ReplicaSets for Deployments). The same image always gets the
// same findings (a PRNG forked by image), so a fleet running one image shows
// the same CVEs everywhere, like a real scan.
import type { Prng } from '../prng';
import type { KubeObject } from '../types';

const DAY = 86_400_000;
const PACKAGES = [
  ['openssl', '3.0.11-1~deb12u1', '3.0.13-1~deb12u1'],
  ['libc6', '2.36-9+deb12u3', '2.36-9+deb12u7'],
  ['curl', '7.88.1-10+deb12u4', '7.88.1-10+deb12u5'],
  ['zlib1g', '1:1.2.13.dfsg-1', ''],
  ['libxml2', '2.9.14+dfsg-1.3', '2.9.14+dfsg-1.3~deb12u1'],
  ['golang.org/x/net', 'v0.17.0', 'v0.23.0'],
  ['google.golang.org/grpc', 'v1.58.2', 'v1.58.3'],
  ['busybox', '1.36.1-r2', '1.36.1-r6'],
  ['libexpat1', '2.5.0-1', ''],
  ['github.com/golang-jwt/jwt/v4', 'v4.4.2', 'v4.5.1'],
] as const;

type Container = { name: string; image: string };
const containersOf = (o: KubeObject): Container[] =>
  ((o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec?.containers : o.spec?.template?.spec?.containers) ?? []) as Container[];

function artifact(image: string): { server: string; repository: string; tag: string } {
  const [ref, tag = 'latest'] = image.split(/:(?=[^/]+$)/);
  const parts = ref!.split('/');
  const server = parts.length > 1 && /[.:]/.test(parts[0]!) ? parts.shift()! : 'index.docker.io';
  return { server, repository: parts.length === 1 && server === 'index.docker.io' ? `library/${parts[0]}` : parts.join('/'), tag };
}

function findings(prng: Prng, now: number) {
  // Most images are clean-ish; a few carry criticals.
  const critical = prng.chance(0.2) ? prng.int(1, 3) : 0;
  const high = prng.chance(0.6) ? prng.int(1, 9) : 0;
  const vulns = [...Array(critical).fill('CRITICAL'), ...Array(high).fill('HIGH')].map((severity: string, i) => {
    const [resource, installedVersion, fixedVersion] = PACKAGES[(prng.int(0, PACKAGES.length - 1) + i) % PACKAGES.length]!;
    const published = now - prng.int(20, 1100) * DAY;
    const year = new Date(published).getUTCFullYear();
    const id = `CVE-${year}-${prng.int(1000, 49999)}`;
    return {
      vulnerabilityID: id,
      resource,
      installedVersion,
      fixedVersion,
      severity,
      score: severity === 'CRITICAL' ? 9.8 : 7.5,
      title: `${resource}: ${severity === 'CRITICAL' ? 'remote code execution' : 'denial of service'} via crafted input`,
      primaryLink: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      links: [],
      target: '',
      publishedDate: new Date(published).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      lastModifiedDate: new Date(Math.min(now, published + prng.int(1, 60) * DAY)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  });
  const summary = { criticalCount: critical, highCount: high, mediumCount: prng.int(0, 20), lowCount: prng.int(0, 40), noneCount: 0, unknownCount: prng.int(0, 2) };
  return { vulns, summary };
}

/** VulnerabilityReports for the running controllers among `objects`. */
export function trivyReports(objects: readonly KubeObject[], prng: Prng, now: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (const o of objects) {
    const running = (o.kind === 'ReplicaSet' && (o.spec?.replicas ?? 0) > 0) || o.kind === 'StatefulSet' || o.kind === 'DaemonSet' || o.kind === 'CronJob';
    if (!running) continue;
    for (const c of containersOf(o)) {
      const { vulns, summary } = findings(prng.fork(c.image), now);
      const scanned = now - prng.int(1, 20) * 3_600_000;
      const name = `${o.kind.toLowerCase()}-${o.metadata.name}-${c.name}`.slice(0, 253);
      out.push({
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        kind: 'VulnerabilityReport',
        metadata: {
          name,
          namespace: o.metadata.namespace,
          uid: prng.uuid(),
          resourceVersion: '1',
          generation: 1,
          creationTimestamp: new Date(scanned).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          labels: {
            'resource-spec-hash': prng.hex(10),
            'trivy-operator.container.name': c.name,
            'trivy-operator.resource.kind': o.kind,
            'trivy-operator.resource.name': o.metadata.name,
            'trivy-operator.resource.namespace': o.metadata.namespace ?? '',
          },
          ownerReferences: [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: false }],
        },
        report: {
          artifact: { repository: artifact(c.image).repository, tag: artifact(c.image).tag },
          os: { family: 'debian', name: '12.5', eosl: false },
          registry: { server: artifact(c.image).server },
          scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.50.1' },
          summary,
          updateTimestamp: new Date(scanned).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          vulnerabilities: vulns,
        },
      });
    }
  }
  return out;
}
