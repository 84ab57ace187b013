import { describe, it } from 'vitest';
import { type CheckRow, config, expectCheck, readySet, readySetWith, type Loose } from '../fixtures/builders';

const withContainer = (mutate: (c: Loose) => void) => readySetWith((d) => mutate(d.spec.template.spec.containers[0]!));
const cpuLimitsOn = { config: config({ cpuLimits: 'warning' }) };

const table: Record<string, CheckRow[]> = {
  cpuRequestsMissing: [
    { label: 'set', objects: readySet(), expected: true },
    { label: 'missing', objects: withContainer((c) => delete c.resources.requests.cpu), expected: false, message: /resources.requests.cpu missing/ },
    { label: 'numeric value', objects: withContainer((c) => (c.resources.requests.cpu = 1)), expected: true },
    { label: 'init containers are not required', objects: readySetWith((d) => (d.spec.template.spec.initContainers = [{ name: 'i', image: 'i:1' }])), expected: true },
  ],
  memoryRequestsMissing: [
    { label: 'set', objects: readySet(), expected: true },
    { label: 'no resources at all', objects: withContainer((c) => delete c.resources), expected: false },
  ],
  memoryLimitsMissing: [
    { label: 'set', objects: readySet(), expected: true },
    { label: 'missing', objects: withContainer((c) => delete c.resources.limits.memory), expected: false },
  ],
  cpuLimitsMissing: [
    { label: 'off by default', objects: withContainer((c) => delete c.resources.limits.cpu), expected: 'n/a' },
    { label: 'policy warning, missing', objects: withContainer((c) => delete c.resources.limits.cpu), options: cpuLimitsOn, expected: false },
    { label: 'policy warning, set', objects: readySet(), options: cpuLimitsOn, expected: true },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});
