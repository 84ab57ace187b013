import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../runbooks/runbooks.compute';
import { NETWORK_ALERTS } from '../network/network.compute';
import { STORAGE_ALERTS } from '../storage/storage.compute';
import { PERFORMANCE_ALERTS } from '../performance/performance.compute';
import { OPS_RUNBOOKS } from './demo-ops-runbooks.data';

// Every alert the network, storage and performance domains raise has a
// complete runbook in the demo, named after the alert (linked by alert name).

describe('demo runbooks of the network, storage and performance alerts', () => {
  it.each([...Object.values(NETWORK_ALERTS), ...Object.values(STORAGE_ALERTS), ...Object.values(PERFORMANCE_ALERTS)])('%s has a complete runbook', (alert) => {
    const found = OPS_RUNBOOKS.map((r) => parseRunbook(r.markdown)).find((p) => p.alert === alert);
    expect(found, alert).toBeDefined();
    expect(found!.complete).toBe(true);
  });
});
