// Runbooks for the network, storage and performance domains' alerts
// (docs/domains.md), in the spec's runbook template. Their alert names are what
// the domain pages and the alerts' runbook_url link to.

import type { DemoRunbook } from './demo-runbooks.data';

const URL = (slug: string) => `https://runbooks.demo.runwell.local/platform/domains/${slug}`;

const dns = `# Alert: DnsLatencyHigh

## Summary
A CoreDNS pod answers slowly: its request-duration p99 is above 100 ms (warning) or 250 ms (critical). Pods resolve names on every outgoing call, so a slow resolver adds its latency to every service behind it.

## Impact
Raised latency and timeouts across services on the cluster; the search path suffers first (it fans out).

## Severity: P3
Business hours unless an SLO burns with it (that alert pages).

## Diagnosis Steps

### 1. Which pod, and is it throttled?
\`\`\`bash
kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide
kubectl -n kube-system top pods -l k8s-app=kube-dns
\`\`\`

### 2. Upstream and cache
\`\`\`promql
sum by (pod) (rate(coredns_forward_request_duration_seconds_sum[5m])) / sum by (pod) (rate(coredns_forward_request_duration_seconds_count[5m]))
sum by (pod) (rate(coredns_cache_hits_total[5m]))
\`\`\`

## Remediation
- Restart the slow pod (\`kubectl -n kube-system delete pod POD\`); scale CoreDNS (\`kubectl -n kube-system scale deploy coredns --replicas=N\`).
- Raise its CPU limit if throttled; enable NodeLocal DNSCache for chatty workloads.

## Escalation
Platform on-call.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

const ingress = `# Alert: IngressErrorsHigh

## Summary
The ingress controller answers 5xx for more than 1 % (warning) or 5 % (critical) of an Ingress's requests. 502 and 504 are connection errors to the backend (refused, reset, timed out).

## Impact
Customers get errors on that host. Critical pages the owning team.

## Severity: P2

## Diagnosis Steps

### 1. Backends and endpoints
\`\`\`bash
kubectl -n NAMESPACE describe ingress INGRESS
kubectl -n NAMESPACE get endpointslices -l kubernetes.io/service-name=SERVICE
kubectl -n NAMESPACE get pods -l app=SERVICE -o wide
\`\`\`

### 2. Which status codes
\`\`\`promql
sum by (status) (rate(nginx_ingress_controller_requests{namespace="NAMESPACE",ingress="INGRESS"}[5m]))
\`\`\`

### 3. The controller's log
\`\`\`bash
kubectl -n ingress-nginx logs deploy/ingress-nginx-controller | grep INGRESS | tail -50
\`\`\`

## Remediation
- No ready endpoints: fix the readiness of the backend or roll back its last change.
- 504: raise \`nginx.ingress.kubernetes.io/proxy-read-timeout\` only if the backend is slow on purpose.

## Escalation
The owning team, then platform on-call for the controller itself.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

const drops = `# Alert: PacketDropsHigh

## Summary
Cilium drops packets on a node above 1/s (warning) or 10/s (critical) for one reason (Hubble \`hubble_drop_total\`).

## Impact
POLICY_DENIED is usually intended; CT_MAP_INSERTION_FAILED or STALE_OR_UNROUTABLE_IP mean lost connections for the pods on that node.

## Severity: P3

## Diagnosis Steps
\`\`\`bash
kubectl -n kube-system exec ds/cilium -- cilium-dbg monitor --type drop
hubble observe --node NODE --verdict DROPPED --last 100
kubectl -n kube-system exec ds/cilium -- cilium-dbg bpf ct list global | wc -l
\`\`\`

## Remediation
- Conntrack map full: raise \`bpf-ct-global-tcp-max\` or enable \`bpf-map-dynamic-size-ratio\`, then restart the agent on the node.
- Policy denials that should pass: add the allow rule to the NetworkPolicy.

## Escalation
Platform on-call.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;


const pending = `# Alert: PvcPending

## Summary
A PersistentVolumeClaim has been Pending for more than 5 minutes (warning) or an hour (critical). Dynamic provisioning takes seconds; a claim that stays Pending keeps its pod from starting.

## Impact
The workload that mounts it cannot start (StatefulSet replicas stay at N-1; a rollout stalls).

## Severity: P3

## Diagnosis Steps
\`\`\`bash
kubectl -n NAMESPACE describe pvc NAME        # events: ProvisioningFailed, WaitForFirstConsumer
kubectl get storageclass
kubectl -n NAMESPACE get pods --field-selector=status.phase=Pending
\`\`\`
WaitForFirstConsumer claims bind when their pod is scheduled: an unschedulable pod (no capacity in the volume's zone, a cordoned node) keeps the claim Pending.

## Remediation
- Provisioner errors: check the CSI controller's logs and its cloud quota.
- Zone mismatch: free capacity in the zone or let the pod schedule elsewhere.

## Escalation
Platform on-call.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

const fill = `# Alert: VolumeFillingUp

## Summary
A volume is more than 80 % (warning) or 90 % (critical) full (kubelet_volume_stats_used_bytes / capacity).

## Impact
When it is full, the database or index on it fails writes.

## Severity: P3

## Diagnosis Steps
\`\`\`bash
kubectl -n NAMESPACE get pvc NAME -o wide
kubectl get storageclass CLASS -o jsonpath='{.allowVolumeExpansion}'
kubectl -n NAMESPACE exec POD -- df -h MOUNT
\`\`\`

## Remediation
- Expandable class: raise \`spec.resources.requests.storage\` on the claim.
- Otherwise free space (retention, compaction) or migrate to a larger volume.

## Escalation
The owning team.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

const iops = `# Alert: DiskIoSaturated

## Summary
A disk was busy more than 80 % (warning) or 95 % (critical) of the time (rate of node_disk_io_time_seconds_total): requests queue behind it.

## Impact
Latency of every volume on that device rises; databases slow down first.

## Severity: P3

## Diagnosis Steps
\`\`\`promql
topk(5, rate(node_disk_io_time_seconds_total[5m]))
rate(node_disk_reads_completed_total{node="NODE"}[5m]) + rate(node_disk_writes_completed_total{node="NODE"}[5m])
\`\`\`

## Remediation
- Raise the volume's provisioned IOPS (io2/gp3 parameters) or move the noisiest workload.

## Escalation
Platform on-call.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;


const latency = `# Alert: ServiceLatencyHigh

## Summary
A service's request p99 (its golden-signal latency query at 0.99) is above 500 ms (warning) or 1 s (critical). A tuning signal: the latency SLO pages when its budget burns; this one says where to look before it does.

## Impact
Slow pages and API calls for the tail of requests; callers with tight timeouts fail.

## Severity: P3

## Diagnosis Steps
\`\`\`promql
histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket{job="SERVICE"}[5m])))
\`\`\`
Compare with saturation (CPU throttling) and GC pauses on the Performance page: throttling and long pauses show in the p99 first.

## Remediation
- Throttled: raise or remove the CPU limit, or scale out.
- One slow endpoint: profile it (pprof, async-profiler), check its downstream calls.

## Escalation
The owning team.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

const saturated = `# Alert: ServiceSaturated

## Summary
The service's saturation (default: the share of CPU periods throttled) is above 25 % (warning) or 50 % (critical).

## Impact
Requests wait for CPU: latency rises before errors do.

## Severity: P3

## Diagnosis Steps
\`\`\`bash
kubectl -n NAMESPACE top pods -l app=SERVICE
kubectl -n NAMESPACE get deploy SERVICE -o jsonpath='{.spec.template.spec.containers[*].resources}'
\`\`\`

## Remediation
- Raise the CPU limit (or drop it and keep the request), or add replicas (HPA target).

## Escalation
The owning team.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

const gc = `# Alert: GcPauseHigh

## Summary
The longest GC pause of the service (\`go_gc_duration_seconds{quantile="1"}\`) is above 50 ms (warning) or 100 ms (critical). Every request in flight waits for a stop-the-world pause.

## Impact
Latency spikes in the p99 and p999; timeouts for callers with short deadlines.

## Severity: P3

## Diagnosis Steps
\`\`\`promql
go_gc_duration_seconds{job="SERVICE"}
go_memstats_heap_alloc_bytes{job="SERVICE"}
rate(go_gc_duration_seconds_count{job="SERVICE"}[5m])
\`\`\`

## Remediation
- Set GOMEMLIMIT under the container's memory limit and tune GOGC; reduce allocations on the hot path (pprof alloc profile).

## Escalation
The owning team.

## Post-Incident
Record the cause on the alert; if it fired without anything to do, tune the threshold or the data source's PromQL template (Settings > Data sources).
`;

export const OPS_RUNBOOKS: DemoRunbook[] = [
  { slug: 'dns-latency-high', team: 'platform', url: URL('dns-latency-high'), markdown: dns },
  { slug: 'ingress-errors-high', team: 'platform', url: URL('ingress-errors-high'), markdown: ingress },
  { slug: 'packet-drops-high', team: 'platform', url: URL('packet-drops-high'), markdown: drops },
  { slug: 'pvc-pending', team: 'platform', url: URL('pvc-pending'), markdown: pending },
  { slug: 'volume-filling-up', team: 'platform', url: URL('volume-filling-up'), markdown: fill },
  { slug: 'disk-io-saturated', team: 'platform', url: URL('disk-io-saturated'), markdown: iops },
  { slug: 'service-latency-high', team: 'platform', url: URL('service-latency-high'), markdown: latency },
  { slug: 'service-saturated', team: 'platform', url: URL('service-saturated'), markdown: saturated },
  { slug: 'gc-pause-high', team: 'platform', url: URL('gc-pause-high'), markdown: gc },
];
