import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../runbooks/runbooks.compute';
import { DOMAIN_RUNBOOKS } from './demo-domain-runbooks.data';

// Every domain alert has a complete runbook in the demo, named after the alert
// the domain raises (the alerts link it by alert name).

describe('demo runbooks of the domain alerts', () => {
  it.each(['CertificateExpiring', 'CertificateRenewalFailed', 'CertificateExpired', 'BackupStale', 'BackupFailed', 'DrDrillDue', 'ToilOverBudget', 'KubeBenchScoreDropped'])('%s has a complete runbook', (alert) => {
    const found = DOMAIN_RUNBOOKS.map((r) => parseRunbook(r.markdown)).find((p) => p.alert === alert);
    expect(found, alert).toBeDefined();
    expect(found!.complete).toBe(true);
  });
});
