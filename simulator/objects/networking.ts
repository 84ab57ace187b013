// Networking objects: a workload's Service, Ingress and NetworkPolicy, and the
// cluster's IngressClass.

import type { WorkloadPlan } from '../plan';
import type { Prng } from '../prng';
import { ingressTls } from './cert-manager';
import { meta, type Ctx } from './context';

function clusterIp(prng: Prng): string {
  return `172.20.${prng.int(0, 255)}.${prng.int(1, 254)}`;
}

export function service(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number): void {
  if (!w.service) return;
  const ns = w.namespace;
  const selector = { app: w.name };
  const port = w.service.port ?? 80;
  const type = w.service.type ?? 'ClusterIP';
  const headless = type === 'Headless';
  const ip = headless ? 'None' : clusterIp(c.prng);
  c.out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(w.name, ns, c.prng.uuid(), created, { labels }),
    spec: {
      type: headless ? 'ClusterIP' : type,
      clusterIP: ip,
      clusterIPs: [ip],
      selector,
      ports: [
        { name: 'http', port, targetPort: 'http', protocol: 'TCP', ...(type === 'LoadBalancer' || type === 'NodePort' ? { nodePort: c.prng.int(30000, 32767) } : {}) },
        ...(w.serviceMonitor && port !== 9090 ? [{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }] : []),
      ],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ...(type === 'LoadBalancer' ? { externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true } : {}),
    },
    status: {
      loadBalancer:
        type === 'LoadBalancer'
          ? { ingress: [{ hostname: `k8s-${ns.slice(0, 8)}-${w.name.slice(0, 8)}-${c.prng.hex(10)}.elb.${c.plan.region}.amazonaws.com` }] }
          : {},
    },
  });
}

export function ingress(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number): void {
  if (!w.ingress) return;
  const ns = w.namespace;
  const port = w.service?.port ?? 80;
  const { manual, secretName, issuer } = ingressTls(w.name, w.ingress);
  c.out.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(w.name, ns, c.prng.uuid(), created, { generation: 1, labels, annotations: { ...(manual ? {} : { 'cert-manager.io/cluster-issuer': issuer }), 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } }),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [w.ingress.host], secretName }],
      rules: [{ host: w.ingress.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: w.name, port: { number: port } } } }] } }],
    },
    status: { loadBalancer: { ingress: [{ hostname: `k8s-ingressn-ingressn-${c.prng.hex(10)}.elb.${c.plan.region}.amazonaws.com` }] } },
  });
}

export function networkPolicy(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number): void {
  if (!w.networkPolicy) return;
  const ns = w.namespace;
  const selector = { app: w.name };
  c.out.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(`${w.name}-allow-ingress`, ns, c.prng.uuid(), created, { generation: 1, labels }),
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }, { podSelector: { matchLabels: { team: w.team } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ port: w.port ?? 8080, protocol: 'TCP' }, ...(w.serviceMonitor ? [{ port: 9090, protocol: 'TCP' }] : [])],
        },
      ],
    },
  });
}

export function ingressClass(c: Ctx, created: number): void {
  c.out.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: meta('nginx', undefined, c.prng.uuid(), created, { generation: 1, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' }, labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }),
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
}
