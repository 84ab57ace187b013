import { describe, expect, it } from 'vitest';
import { bandAlerts } from '../domains/ops-signals.compute';
import { STORAGE_ALERT_SPECS, claimWorkload, evaluateStorage, parseQuantity, storageTile, storageTrendValues, type PvcObject, type StorageInputs } from './storage.compute';

const NOW = Date.parse('2026-12-06T05:00:00Z');
const MIN = 60_000;
const GI = 1024 ** 3;
const services = new Map([['search-indexer', { slug: 'search-indexer', name: 'Search indexer', team: 'search' }]]);

const pvc = (name: string, extra: Partial<PvcObject> = {}): PvcObject => ({
  clusterId: 'c1',
  namespace: 'search',
  name,
  labels: {},
  team: null,
  phase: 'Bound',
  createdAt: NOW - 60 * MIN,
  storageClass: 'gp3',
  volumeName: `pv-${name}`,
  requested: '200Gi',
  capacity: '200Gi',
  ...extra,
});

const inputs = (extra: Partial<StorageInputs>): StorageInputs => ({
  pvcs: [],
  pvs: [],
  classes: [{ clusterId: 'c1', name: 'gp3', provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true, isDefault: true }],
  clusterNames: new Map([['c1', 'shop']]),
  stats: [],
  services,
  now: NOW,
  ...extra,
});

const stat = (name: string, used: number, capacity: number) => ({
  dataSourceId: 'ds1',
  dataSource: 'prom',
  clusterId: 'c1',
  used: [{ metric: { namespace: 'search', persistentvolumeclaim: name }, value: used }],
  capacity: [{ metric: { namespace: 'search', persistentvolumeclaim: name }, value: capacity }],
});

describe('storage signals and thresholds', () => {
  it.each([
    ['100Gi', 100 * GI],
    ['500M', 5e8],
    ['1.5Ti', 1.5 * 1024 ** 4],
    ['1073741824', GI],
    ['lots', null],
    [null, null],
  ])('parses the quantity %s', (q, bytes) => expect(parseQuantity(q)).toBe(bytes));

  it.each([
    ['data-search-indexer-0', 'search-indexer'],
    ['data-payments-db-2', 'payments-db'],
    ['web-frontend-data', 'web-frontend'],
    ['scratch', null],
  ])('claim %s belongs to workload %s', (name, workload) => expect(claimWorkload(name)).toBe(workload));

  it.each([
    // Pending age: 5 min warning, 60 min critical
    ['pending 4 min is ok', 4, 'ok', 'Pending 4 min'],
    ['pending 5 min is a warning', 5, 'warning', 'Pending 5 min'],
    ['pending 59 min is a warning', 59, 'warning', 'Pending 59 min'],
    ['pending 2 h is critical', 120, 'critical', 'Pending 2 h'],
  ])('%s', (_n, minutes, status, display) => {
    const r = evaluateStorage(inputs({ pvcs: [pvc('data-x-0', { phase: 'Pending', volumeName: null, createdAt: NOW - minutes * MIN })] }));
    expect(r.rows.map((x) => [x.signal, x.status, x.display])).toEqual([['pending', status, display]]);
    expect(r.rows[0]!.detail).toBe('gp3 · WaitForFirstConsumer');
  });

  it.each([
    // Fill: 80 % warning, 90 % critical
    [0.41, 'ok'],
    [0.8, 'warning'],
    [0.899, 'warning'],
    [0.94, 'critical'],
  ])('a volume %s full is %s', (share, status) => {
    const r = evaluateStorage(inputs({ pvcs: [pvc('data-search-indexer-0')], stats: [stat('data-search-indexer-0', share * 200 * GI, 200 * GI)] }));
    expect(r.rows.map((x) => [x.signal, x.status])).toEqual([['fill', status]]);
    expect(r.rows[0]!.service).toEqual({ slug: 'search-indexer', name: 'Search indexer' });
    expect(r.rows[0]!.team).toBe('search');
  });

  it.each([
    [0.5, 'ok'],
    [0.8, 'warning'],
    [0.97, 'critical'],
  ])('a disk busy %s of the time is %s', (busy, status) => {
    const r = evaluateStorage(inputs({ stats: [{ dataSourceId: 'ds1', dataSource: 'prom', clusterId: null, iops: [{ metric: { node: 'n1', device: 'nvme1n1' }, value: busy }] }] }));
    expect(r.rows.map((x) => [x.signal, x.subject, x.detail, x.status])).toEqual([['iops', 'n1', 'nvme1n1', status]]);
  });

  it('measures bind time from claim to dynamically provisioned volume, not for pre-existing volumes', () => {
    const r = evaluateStorage(
      inputs({
        pvcs: [pvc('a-data'), pvc('b-data'), pvc('static-data')],
        pvs: [
          { clusterId: 'c1', name: 'pv-a-data', createdAt: NOW - 60 * MIN + 8_000, reclaimPolicy: 'Delete' },
          { clusterId: 'c1', name: 'pv-b-data', createdAt: NOW - 60 * MIN + 40_000, reclaimPolicy: 'Delete' },
          { clusterId: 'c1', name: 'pv-static-data', createdAt: NOW - 900 * MIN, reclaimPolicy: 'Retain' },
        ],
      }),
    );
    expect(r.pvcs.map((p) => [p.name, p.bindSeconds])).toEqual([['a-data', 8], ['b-data', 40], ['static-data', null]]);
    expect(r.bind).toEqual({ measured: 2, medianSeconds: 8, maxSeconds: 40 });
    expect(r.classes[0]).toMatchObject({ name: 'gp3', claims: 3, pending: 0, cluster: 'shop' });
  });

  it('alerts per row and band, never paging; the tile says Pending and the fullest volume', () => {
    const r = evaluateStorage(inputs({ pvcs: [pvc('data-search-indexer-0'), pvc('data-x-0', { phase: 'Pending', volumeName: null, createdAt: NOW - 10 * MIN })], stats: [stat('data-search-indexer-0', 0.94 * 200 * GI, 200 * GI)] }));
    const alerts = bandAlerts(r.rows, STORAGE_ALERT_SPECS, { VolumeFillingUp: 'https://rb/fill' }, () => '/storage');
    expect(alerts.map((a) => [a.alertname, a.severity, a.customerVisible, a.key])).toEqual([
      ['VolumeFillingUp', 'critical', false, 'c1/search/data-search-indexer-0/fill/critical'],
      ['PvcPending', 'warning', false, 'c1/search/data-x-0/pending/warning'],
    ]);
    expect(storageTile(r, '/storage')).toMatchObject({ value: '1 Pending · 94 % full', status: 'critical' });
    expect(storageTrendValues(r)).toMatchObject({ pending: 1, fullestPct: 94, critical: 1, warning: 1 });
    expect(r.pvcs[0]!.name).toBe('data-x-0');
  });
});
