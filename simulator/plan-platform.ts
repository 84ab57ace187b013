// The platform every planned cluster runs (DNS, metrics, monitoring,
// cert-manager, Velero, Argo CD, ingress, node agents), for random and shop plans.

import type { WorkloadPlan } from './plan';

/** Platform workloads that every cluster of this kind runs. */
export function systemWorkloads(cpuScale: number): { ns: string; team: string; w: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'name' | 'kind' | 'replicas' | 'image'> }[] {
  const s = (m: number) => Math.max(10, Math.round(m * cpuScale));
  return [
    { ns: 'kube-system', team: 'platform', w: { name: 'coredns', kind: 'Deployment', replicas: 2, image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.1', cpuRequestMilli: 100, memoryRequestMi: 70, memoryLimitMi: 170, priorityClassName: 'system-cluster-critical', pdb: { maxUnavailable: 1 }, service: { port: 53 }, port: 53 } },
    { ns: 'kube-system', team: 'platform', w: { name: 'metrics-server', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', cpuRequestMilli: 100, memoryRequestMi: 200, priorityClassName: 'system-cluster-critical', service: { port: 443 }, port: 10250 } },
    { ns: 'kube-system', team: 'platform', w: { name: 'ebs-csi-controller', kind: 'Deployment', replicas: 2, image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0', cpuRequestMilli: 10, memoryRequestMi: 40, memoryLimitMi: 256, priorityClassName: 'system-cluster-critical', pdb: { maxUnavailable: 1 } } },
    { ns: 'kube-system', team: 'platform', w: { name: 'cluster-autoscaler', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2', cpuRequestMilli: 100, memoryRequestMi: 600, memoryLimitMi: 600, priorityClassName: 'system-cluster-critical' } },
    { ns: 'monitoring', team: 'platform', w: { name: 'prometheus', kind: 'StatefulSet', replicas: 2, image: 'quay.io/prometheus/prometheus:v2.54.1', cpuRequestMilli: s(1000), memoryRequestMi: 4096, memoryLimitMi: 8192, volume: { sizeGi: 200, storageClass: 'gp3', mountPath: '/prometheus' }, service: { port: 9090 }, port: 9090, pdb: { maxUnavailable: 1 } } },
    { ns: 'monitoring', team: 'platform', w: { name: 'alertmanager', kind: 'StatefulSet', replicas: 2, image: 'quay.io/prometheus/alertmanager:v0.27.0', cpuRequestMilli: 50, memoryRequestMi: 128, memoryLimitMi: 256, volume: { sizeGi: 10, storageClass: 'gp3', mountPath: '/alertmanager' }, service: { port: 9093 }, port: 9093 } },
    { ns: 'monitoring', team: 'platform', w: { name: 'grafana', kind: 'Deployment', replicas: 1, image: 'docker.io/grafana/grafana:11.2.2', cpuRequestMilli: 100, memoryRequestMi: 256, service: { port: 80 }, port: 3000, ingress: { host: 'grafana.example.com', certExpiresInDays: 61 } } },
    { ns: 'monitoring', team: 'platform', w: { name: 'kube-state-metrics', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', cpuRequestMilli: s(100), memoryRequestMi: 256, service: { port: 8080 } } },
    { ns: 'monitoring', team: 'platform', w: { name: 'prometheus-operator', kind: 'Deployment', replicas: 1, image: 'quay.io/prometheus-operator/prometheus-operator:v0.77.1', cpuRequestMilli: 100, memoryRequestMi: 128, memoryLimitMi: 256 } },
    { ns: 'cert-manager', team: 'platform', w: { name: 'cert-manager', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-controller:v1.16.1', cpuRequestMilli: 10, memoryRequestMi: 64 } },
    { ns: 'cert-manager', team: 'platform', w: { name: 'cert-manager-webhook', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-webhook:v1.16.1', cpuRequestMilli: 10, memoryRequestMi: 32, service: { port: 443 }, port: 10250 } },
    { ns: 'cert-manager', team: 'platform', w: { name: 'cert-manager-cainjector', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-cainjector:v1.16.1', cpuRequestMilli: 10, memoryRequestMi: 64 } },
    { ns: 'velero', team: 'platform', w: { name: 'velero', kind: 'Deployment', replicas: 1, image: 'docker.io/velero/velero:v1.14.1', cpuRequestMilli: 500, memoryRequestMi: 128, memoryLimitMi: 512 } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-server', kind: 'Deployment', replicas: 2, image: 'quay.io/argoproj/argocd:v2.12.4', cpuRequestMilli: 100, memoryRequestMi: 128, service: { port: 443 }, ingress: { host: 'argocd.example.com', certExpiresInDays: 47 }, pdb: { minAvailable: 1 } } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-repo-server', kind: 'Deployment', replicas: 2, image: 'quay.io/argoproj/argocd:v2.12.4', cpuRequestMilli: 250, memoryRequestMi: 256, service: { port: 8081 } } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-application-controller', kind: 'StatefulSet', replicas: 1, image: 'quay.io/argoproj/argocd:v2.12.4', cpuRequestMilli: s(500), memoryRequestMi: 1024, service: { port: 8082, type: 'Headless' } } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-redis', kind: 'Deployment', replicas: 1, image: 'public.ecr.aws/docker/library/redis:7.0.15-alpine', cpuRequestMilli: 50, memoryRequestMi: 64, service: { port: 6379 } } },
    { ns: 'ingress-nginx', team: 'platform', w: { name: 'ingress-nginx-controller', kind: 'Deployment', replicas: 3, image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3', cpuRequestMilli: s(200), memoryRequestMi: 256, memoryLimitMi: 512, service: { port: 443, type: 'LoadBalancer' }, pdb: { minAvailable: 2 }, hpa: { min: 3, max: 12, cpuUtilization: 70 }, topologySpread: true } },
  ];
}

export const DAEMONSETS: { ns: string; w: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'name' | 'image'> }[] = [
  { ns: 'kube-system', w: { name: 'kube-proxy', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.6-minimal-eksbuild.3', cpuRequestMilli: 100, hostNetwork: true, privileged: true, priorityClassName: 'system-node-critical' } },
  { ns: 'kube-system', w: { name: 'aws-node', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.5-eksbuild.1', cpuRequestMilli: 25, hostNetwork: true, addCapabilities: ['NET_ADMIN', 'NET_RAW'], priorityClassName: 'system-node-critical' } },
  { ns: 'monitoring', w: { name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', cpuRequestMilli: 50, memoryRequestMi: 30, memoryLimitMi: 50, hostNetwork: true, hostPID: true, hostPath: '/host/root', port: 9100 } },
  { ns: 'logging', w: { name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', cpuRequestMilli: 50, memoryRequestMi: 64, memoryLimitMi: 128, hostPath: '/var/log' } },
  { ns: 'kube-system', w: { name: 'ebs-csi-node', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0', cpuRequestMilli: 10, memoryRequestMi: 40, memoryLimitMi: 256, privileged: true, priorityClassName: 'system-node-critical' } },
];

export function systemDefaults(ns: string, team: string, w: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'name' | 'kind' | 'replicas' | 'image'>): WorkloadPlan {
  return {
    namespace: ns,
    team,
    liveness: true,
    readiness: w.kind !== 'DaemonSet',
    runAsNonRoot: !w.privileged && !w.hostNetwork,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: !!w.privileged,
    dropAllCapabilities: !w.privileged && !w.addCapabilities,
    revisions: 3,
    ageDays: 300,
    serviceMonitor: true,
    tolerateAll: w.kind === 'DaemonSet',
    ...w,
  };
}
