import type { Metadata } from 'next';
import { SecurityView } from '@/components/security/SecurityView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader
        title="Security hardening"
        description="The kube-bench (CIS benchmark) score per cluster and node with every failing check and its remediation, critical and high vulnerabilities per workload and image from the Trivy Operator, and workloads no NetworkPolicy selects."
      />
      <SecurityView />
    </div>
  );
}
