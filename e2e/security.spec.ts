import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runwell } from './demo';
import { expect, test } from './fixtures';

// An SRE lead hardens a cluster: the kube-bench Job's JSON output is uploaded
// with `runwell security import kube-bench` (a malformed file is refused with
// the fields that are wrong), then the Security page shows the cluster's score,
// the node, and each failing check with its remediation.

const FIXTURE = path.resolve(import.meta.dirname, '../server/hardening/fixtures/kube-bench-node.json');

test('an SRE lead uploads kube-bench results and reads the failing checks with their remediation', async ({ page, signInAs }) => {
  test.setTimeout(120_000);
  const cluster = `bench-${randomBytes(3).toString('hex')}`;
  // A registered cluster (its API is not reachable here; kube-bench results do not need it).
  expect(runwell(['cluster', 'add', '--name', cluster, '--simulator', 'http://127.0.0.1:9']).code).toBe(0);

  const broken = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  broken.Controls[0].tests[1].results[0].status = 'PASSED';
  const brokenFile = path.join(os.tmpdir(), `${cluster}-broken.json`);
  writeFileSync(brokenFile, JSON.stringify(broken));
  const refused = runwell(['security', 'import', 'kube-bench', brokenFile, '--cluster', cluster, '--node', 'worker-1']);
  expect(refused.code).toBe(2);
  expect(refused.out).toContain('Controls[0].tests[1].results[0].status: must be PASS, FAIL, WARN or INFO');

  const stored = runwell(['security', 'import', 'kube-bench', FIXTURE, '--cluster', cluster, '--node', 'worker-1']);
  expect(stored.code).toBe(0);
  expect(stored.out).toContain(`kube-bench ${cluster}/worker-1: score 72.7; 8 pass, 3 fail, 3 warn`);

  await signInAs('engineer');
  await page.goto('/security');
  await expect(page.getByRole('heading', { name: 'Security hardening', level: 1 })).toBeVisible();
  const clusters = page.getByRole('table', { name: 'kube-bench score per cluster, worst first' });
  await expect(clusters.getByRole('row').filter({ hasText: cluster })).toContainText('72.7 %');
  await expect(page.getByRole('table', { name: 'kube-bench score per node' }).getByRole('row').filter({ hasText: 'worker-1' })).toContainText('72.7 %');

  const check = page.getByRole('list', { name: 'Failing kube-bench checks' }).getByRole('listitem').filter({ hasText: '4.1.5' });
  await expect(check).toContainText('kubelet.conf file permissions are set to 600');
  await check.getByText('Remediation').click();
  await expect(check.getByText(/chmod 600 \/etc\/kubernetes\/kubelet.conf/)).toBeVisible();
});
