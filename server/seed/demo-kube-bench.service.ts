import type { RequestContext } from '../lib/request-context';
import { getSecurityOverview, importKubeBench } from '../hardening/hardening.service';

// Demo kube-bench history for the simulated cluster (docs/domains.md,
// "Security hardening"): a month of weekly runs of the CIS worker-node checks
// on six nodes, in kube-bench's own JSON shape, uploaded through the same
// import as a real Job. The two nodes on old Kubernetes versions fail more; one
// regressed this week (its score dropped). Idempotent per cluster.

type Check = { id: string; section: string; text: string; remediation: string; manual?: boolean };

const CHECKS: Check[] = [
  { id: '4.1.1', section: '4.1', text: 'Ensure that the kubelet service file permissions are set to 600 or more restrictive (Automated)', remediation: 'chmod 600 /etc/systemd/system/kubelet.service.d/10-kubeadm.conf' },
  { id: '4.1.2', section: '4.1', text: 'Ensure that the kubelet service file ownership is set to root:root (Automated)', remediation: 'chown root:root /etc/systemd/system/kubelet.service.d/10-kubeadm.conf' },
  { id: '4.1.3', section: '4.1', text: 'If proxy kubeconfig file exists ensure permissions are set to 600 or more restrictive (Manual)', remediation: 'chmod 600 /etc/kubernetes/proxy.conf', manual: true },
  { id: '4.1.5', section: '4.1', text: 'Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or more restrictive (Automated)', remediation: 'chmod 600 /etc/kubernetes/kubelet.conf' },
  { id: '4.1.9', section: '4.1', text: 'If the kubelet config.yaml configuration file is being used validate permissions set to 600 or more restrictive (Automated)', remediation: 'chmod 600 /var/lib/kubelet/config.yaml' },
  { id: '4.2.1', section: '4.2', text: 'Ensure that the --anonymous-auth argument is set to false (Automated)', remediation: 'Set authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml and restart the kubelet.' },
  { id: '4.2.2', section: '4.2', text: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow (Automated)', remediation: 'Set authorization.mode: Webhook in the kubelet config file and restart the kubelet.' },
  { id: '4.2.3', section: '4.2', text: 'Ensure that the --client-ca-file argument is set as appropriate (Automated)', remediation: 'Set authentication.x509.clientCAFile to the client CA file in the kubelet config file.' },
  { id: '4.2.4', section: '4.2', text: 'Verify that the --read-only-port argument is set to 0 (Manual)', remediation: 'Set readOnlyPort: 0 in the kubelet config file.', manual: true },
  { id: '4.2.6', section: '4.2', text: 'Ensure that the --make-iptables-util-chains argument is set to true (Automated)', remediation: 'Set makeIPTablesUtilChains: true in the kubelet config file.' },
  { id: '4.2.10', section: '4.2', text: 'Ensure that the --rotate-certificates argument is not set to false (Automated)', remediation: 'Add rotateCertificates: true to the kubelet config file (or remove the line to use the default).' },
  { id: '4.2.12', section: '4.2', text: 'Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers (Manual)', remediation: 'Set tlsCipherSuites to strong ciphers only in the kubelet config file.', manual: true },
  { id: '4.2.13', section: '4.2', text: 'Ensure that a limit is set on pod PIDs (Manual)', remediation: 'Set podPidsLimit in the kubelet config file.', manual: true },
];

/** kube-bench's JSON output for the CIS worker-node checks, failing `failing`. */
function demoKubeBenchOutput(failing: readonly string[]) {
  const results = (section: string) =>
    CHECKS.filter((c) => c.section === section).map((c) => ({
      test_number: c.id,
      test_desc: c.text,
      audit: '',
      AuditEnv: '',
      AuditConfig: '',
      type: c.manual ? 'manual' : '',
      remediation: `${c.remediation}\n`,
      test_info: [`${c.remediation}\n`],
      status: c.manual ? 'WARN' : failing.includes(c.id) ? 'FAIL' : 'PASS',
      actual_value: '',
      scored: !c.manual,
      IsMultiple: false,
      expected_result: '',
      ...(c.manual ? { reason: 'Test marked as a manual test' } : {}),
    }));
  const tally = (rs: ReturnType<typeof results>) => ({ pass: rs.filter((r) => r.status === 'PASS').length, fail: rs.filter((r) => r.status === 'FAIL').length, warn: rs.filter((r) => r.status === 'WARN').length, info: 0 });
  const groups = [
    { section: '4.1', type: '', desc: 'Worker Node Configuration Files', results: results('4.1') },
    { section: '4.2', type: '', desc: 'Kubelet', results: results('4.2') },
  ].map((g) => ({ ...g, ...tally(g.results) }));
  const t = { pass: groups.reduce((s, g) => s + g.pass, 0), fail: groups.reduce((s, g) => s + g.fail, 0), warn: groups.reduce((s, g) => s + g.warn, 0), info: 0 };
  return {
    Controls: [{ id: '4', version: 'cis-1.8', detected_version: '1.30', text: 'Worker Node Security Configuration', node_type: 'node', tests: groups, total_pass: t.pass, total_fail: t.fail, total_warn: t.warn, total_info: 0 }],
    Totals: { total_pass: t.pass, total_fail: t.fail, total_warn: t.warn, total_info: 0 },
  };
}

const node = (i: number) => `ip-10-0-${10 + i * 16}-${20 + i * 7}.eu-west-1.compute.internal`;
// Per node: the failing checks of each weekly run, oldest first (5 runs).
const HISTORY: [number, string[][]][] = [
  [2, [['4.1.9'], ['4.1.9'], [], [], []]],
  [3, [['4.1.9'], [], [], [], []]],
  [4, [[], [], [], [], []]],
  [5, [['4.1.5', '4.2.10'], ['4.1.5', '4.2.10'], ['4.1.5', '4.2.10'], ['4.1.5', '4.2.10'], ['4.1.5', '4.2.10']]],
  [6, [['4.1.5', '4.2.10', '4.2.1'], ['4.1.5', '4.2.10', '4.2.1'], ['4.1.5', '4.2.10'], ['4.1.5', '4.2.10'], ['4.1.5', '4.2.10', '4.2.1', '4.2.2']]],
  [7, [[], [], [], ['4.1.9'], ['4.1.9']]],
];

const DAY_MS = 86_400_000;

export async function seedDemoKubeBench(ctx: RequestContext, clusterName: string, now = Date.now()): Promise<number> {
  const o = await getSecurityOverview(ctx, now);
  if (o.kubeBench.clusters.some((c) => c.clusterName === clusterName && c.nodes > 0)) return 0;
  let runs = 0;
  for (const [i, weeks] of HISTORY) {
    for (const [w, failing] of weeks.entries()) {
      const runAt = new Date(now - (weeks.length - 1 - w) * 7 * DAY_MS - (i + 1) * 3_600_000).toISOString();
      await importKubeBench(ctx, { cluster: clusterName, node: node(i), runAt }, demoKubeBenchOutput(failing), 'cluster', now);
      runs++;
    }
  }
  return runs;
}
