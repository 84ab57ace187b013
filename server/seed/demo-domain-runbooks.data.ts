// Runbooks for Runwell's own domain alerts (docs/domains.md "Domain alerts"),
// in the spec's runbook template. Their alert names are what the certificate
// and DR pages and the alerts' runbook_url link to.

import type { DemoRunbook } from './demo-runbooks.data';

const URL = (slug: string) => `https://runbooks.demo.runwell.local/platform/domains/${slug}`;

const expiring = `# Alert: CertificateExpiring

## Summary
A TLS certificate is within 30, 14 or 7 days of expiry and cert-manager has not renewed it. cert-manager renews at two thirds of a certificate's life (30 days before expiry for a 90-day Let's Encrypt certificate), so one still this close to expiry means renewal is stuck.

## Impact
When it expires, browsers and clients refuse the host: the service is down for every customer even though its pods are healthy.

## Severity: P2
The 7-day alert pages the owning team; 30 and 14 days are for business hours.

## Diagnosis Steps

### 1. The certificate and why it is not renewed
\`\`\`bash
kubectl get certificate -n NAMESPACE NAME -o wide
kubectl describe certificate -n NAMESPACE NAME
kubectl get certificaterequests -n NAMESPACE -l cert-manager.io/certificate-name=NAME
\`\`\`

### 2. The ACME order and challenge (Let's Encrypt issuers)
\`\`\`bash
kubectl get orders,challenges -n NAMESPACE
kubectl describe challenge -n NAMESPACE
\`\`\`
HTTP-01 challenges fail when the Ingress does not route /.well-known/acme-challenge; DNS-01 when the DNS credentials expired.

### 3. The issuer
\`\`\`bash
kubectl get clusterissuer,issuer -A
\`\`\`

## Resolution Steps

### Option A: fix the challenge and renew now
\`\`\`bash
cmctl renew -n NAMESPACE NAME
kubectl wait --for=condition=Ready certificate/NAME -n NAMESPACE --timeout=5m
\`\`\`

### Option B: switch to a working issuer
Point the Certificate's issuerRef at another (Cluster)Issuer and renew.

## Escalation
- After 1 hour without progress, or under 48 hours left: the platform team lead

## Post-Incident
- [ ] Why did renewal fail silently for weeks? Alert on CertificateRenewalFailed
- [ ] Record the fix in the issuer's documentation
`;

const renewal = `# Alert: CertificateRenewalFailed

## Summary
cert-manager tried to issue or renew a certificate and failed (Ready=False, failed issuance attempts, or the newest CertificateRequest failed). The certificate is still valid; CertificateExpiring follows if nobody fixes it.

## Impact
None yet. It becomes an outage on the certificate's expiry date.

## Severity: P3

## Diagnosis Steps

### 1. The failure
\`\`\`bash
kubectl describe certificate -n NAMESPACE NAME
kubectl get certificaterequests -n NAMESPACE -o wide
\`\`\`

### 2. cert-manager's logs
\`\`\`bash
kubectl logs -n cert-manager deploy/cert-manager --since=1h | grep NAME
\`\`\`

## Resolution Steps

### Option A: fix the cause and retry
\`\`\`bash
cmctl renew -n NAMESPACE NAME
\`\`\`

## Escalation
- If the issuer itself is broken (every certificate fails): the platform team

## Post-Incident
- [ ] Note the cause on the Certificates page's issuer
`;

const expired = `# Alert: CertificateExpired

## Summary
A TLS certificate has expired. Clients refuse the host.

## Impact
Every client of the host fails the TLS handshake: a full outage of that entry point.

## Severity: P1

## Diagnosis Steps

### 1. Confirm
\`\`\`bash
kubectl get certificate -n NAMESPACE NAME
echo | openssl s_client -connect HOST:443 -servername HOST 2>/dev/null | openssl x509 -noout -enddate
\`\`\`

## Resolution Steps

### Option A: renew now
\`\`\`bash
cmctl renew -n NAMESPACE NAME
\`\`\`

### Option B: a temporary certificate from another issuer
Issue one from a working (Cluster)Issuer and point the Ingress's TLS secret at it.

## Escalation
- Immediately: the incident commander on duty

## Post-Incident
- [ ] Post-mortem within 48 hours
- [ ] Find why the 30/14/7-day alerts did not lead to a renewal
`;

const stale = `# Alert: BackupStale

## Summary
The newest successful Velero backup of a namespace is older than its schedule allows (the schedule's longest gap plus grace: 25 hours is stale for a daily schedule), or the namespace never had a successful backup.

## Impact
A disaster now would lose more data than the schedule promises, and maybe more than the service's RPO.

## Severity: P3
Business hours, unless the service's RPO is already exceeded (BackupRpoAtRisk).

## Diagnosis Steps

### 1. The schedule and its backups
\`\`\`bash
velero schedule get
velero backup get --selector velero.io/schedule-name=SCHEDULE
kubectl get backups.velero.io -n velero --sort-by=.status.startTimestamp | tail
\`\`\`

### 2. Velero itself
\`\`\`bash
kubectl get pods -n velero
kubectl logs -n velero deploy/velero --since=26h | grep -i error | tail -50
velero backup-location get
\`\`\`
A paused schedule, an unavailable backup storage location or expired cloud credentials are the usual causes.

## Resolution Steps

### Option A: take a backup now
\`\`\`bash
velero backup create --from-schedule SCHEDULE --wait
\`\`\`

### Option B: fix the storage location
Renew the credentials of the backup storage location and check it is Available.

## Escalation
- If no backup succeeds within a day: the platform team lead

## Post-Incident
- [ ] Check the restore still works (record a DR drill)
`;

const failed = `# Alert: BackupFailed

## Summary
The newest Velero backup of a namespace failed or partially failed.

## Impact
The previous successful backup is the restore point; each further failure widens the data-loss window.

## Severity: P3

## Diagnosis Steps

### 1. What failed
\`\`\`bash
velero backup describe BACKUP --details
velero backup logs BACKUP | grep -i error | tail -50
\`\`\`

## Resolution Steps

### Option A: retry after fixing the cause
\`\`\`bash
velero backup create --from-schedule SCHEDULE --wait
\`\`\`

## Escalation
- Two failures in a row: the platform team lead

## Post-Incident
- [ ] Add the cause to this runbook
`;

const drill = `# Alert: DrDrillDue

## Summary
A service's quarterly disaster recovery drill is overdue: its restore has not been rehearsed successfully in 90 days. An untested restore procedure is not a DR plan.

## Impact
Nothing is broken; the restore may be, and nobody knows.

## Severity: P3

## Diagnosis Steps

### 1. The last drills
Open Disaster recovery in Runwell: the service's last drill, its time against the RTO and its data loss against the RPO.

## Resolution Steps

### Option A: run the drill
\`\`\`bash
velero restore create drill-$(date +%Y%m%d) --from-backup BACKUP --namespace-mappings NAMESPACE:NAMESPACE-drill --wait
kubectl get pods -n NAMESPACE-drill
\`\`\`
Time it from the restore command to the service answering on the restored data, then record it on the Disaster recovery page (Record drill).

## Escalation
- Overdue by more than 30 days: the team lead

## Post-Incident
- [ ] Record the drill; open action items for whatever did not work
`;

const toil = `# Alert: ToilOverBudget

## Summary
A team's toil (hours logged plus the on-call pages it handled) is above 50 % of its engineering time in the current sprint. The seed's toil budget: if toil exceeds 50 % of engineering time, halt feature work and invest in automation.

## Impact
Nothing is down. The team is spending most of its time keeping things running by hand; reliability work and features both stall, and on-call burns people out.

## Severity: P3
Business hours only: it never pages (paging about toil is more toil).

## Diagnosis Steps

### 1. Where the hours went
Open Toil in Runwell: the team's card splits the sprint into logged hours and pages (manual pages and their median time to resolve), with the log below.

### 2. The noisiest alerts
Open Alerts, filter on the team, sort by pages: alerts paged often and rarely actionable are the first automation candidates.
\`\`\`bash
runwell toil log --team TEAM --hours 0.25 --what "triage of this alert"
\`\`\`

## Resolution Steps

### Option A: halt feature work for the rest of the sprint
Tell the product owner; the change gate flags the team's feature changes (or blocks them when the team opted in).

### Option B: automate the top three toil items
Turn the most frequent manual fix into a runbook automation or a controller; silence or fix alerts that are not actionable.

## Escalation
- Two sprints in a row over budget: the engineering manager

## Post-Incident
- [ ] Record what was automated and the hours it saves per sprint
`;

const kubeBench = `# Alert: KubeBenchScoreDropped

## Summary
A cluster's kube-bench (CIS Kubernetes Benchmark) score fell below 90 %, or dropped by 10 points or more since its previous run: checks that passed now fail.

## Impact
A hardening regression (anonymous auth on, an insecure kubelet flag, a permissive file mode) widens what an attacker can do on every workload of the cluster.

## Severity: P2
A drop of 10 points or more pages the platform on-call; being below the bar is for business hours.

## Diagnosis Steps

### 1. The failing checks
Open Security hardening in Runwell: the cluster's nodes, worst first, and every failing check with its remediation.

### 2. What changed on the nodes
\`\`\`bash
kubectl get nodes -o wide
kubectl get events -A --field-selector reason=NodeReady --sort-by=.lastTimestamp | tail
kubectl logs -n kube-system job/kube-bench
\`\`\`
A node pool upgrade or a new node image usually explains a drop on some nodes only.

## Resolution Steps

### Option A: apply the remediation
Each failing check names the file or flag to change; fix it in the node image or the kubelet configuration, roll the nodes, and run kube-bench again:
\`\`\`bash
kubectl apply -f https://raw.githubusercontent.com/aquasecurity/kube-bench/main/job.yaml
runwell security import kube-bench results.json --cluster CLUSTER --node NODE
\`\`\`

### Option B: roll back the node change
Roll the node pool back to the previous image while the fix is prepared.

## Escalation
- A control-plane check failing: the security team

## Post-Incident
- [ ] Add the check to the node image's CI so it cannot regress again
`;

export const DOMAIN_RUNBOOKS: DemoRunbook[] = [
  { slug: 'certificate-expiring', team: 'platform', url: URL('certificate-expiring'), markdown: expiring },
  { slug: 'certificate-renewal-failed', team: 'platform', url: URL('certificate-renewal-failed'), markdown: renewal },
  { slug: 'certificate-expired', team: 'platform', url: URL('certificate-expired'), markdown: expired },
  { slug: 'backup-stale', team: 'platform', url: URL('backup-stale'), markdown: stale },
  { slug: 'backup-failed', team: 'platform', url: URL('backup-failed'), markdown: failed },
  { slug: 'dr-drill-due', team: 'platform', url: URL('dr-drill-due'), markdown: drill },
  { slug: 'toil-over-budget', team: 'platform', url: URL('toil-over-budget'), markdown: toil },
  { slug: 'kube-bench-score-dropped', team: 'platform', url: URL('kube-bench-score-dropped'), markdown: kubeBench },
];
