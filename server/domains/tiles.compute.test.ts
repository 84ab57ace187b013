import { describe, expect, it } from 'vitest';
import { securityTile, toilTile } from './tiles.compute';

const none = { reports: 0, critical: 0, high: 0 };

describe('securityTile', () => {
  it.each([
    ['no data at all', [], none, 'no-data', '—'],
    ['only Trivy reports with criticals', [], { reports: 4, critical: 2, high: 5 }, 'warning', 'no run'],
    ['all clusters at 90 % or more, no criticals', [{ clusterName: 'prod', score: 93 }, { clusterName: 'stage', score: 90 }], none, 'ok', '90 %'],
    ['one cluster at 89 %', [{ clusterName: 'prod', score: 89 }], none, 'warning', '89 %'],
    ['a cluster at 69 %', [{ clusterName: 'prod', score: 95 }, { clusterName: 'edge', score: 69 }], none, 'critical', '69 %'],
    ['healthy score but critical vulnerabilities', [{ clusterName: 'prod', score: 95 }], { reports: 3, critical: 1, high: 0 }, 'warning', '95 %'],
    ['a cluster without a run is not the worst', [{ clusterName: 'prod', score: 92 }, { clusterName: 'new', score: null }], none, 'ok', '92 %'],
  ] as const)('%s', (_name, clusters, vulns, status, value) => {
    const tile = securityTile(clusters, vulns);
    expect([tile.status, tile.value]).toEqual([status, value]);
  });

  it('names the worst cluster, the bar and what else is wrong', () => {
    const tile = securityTile([{ clusterName: 'prod', score: 95 }, { clusterName: 'edge', score: 72 }, { clusterName: 'new', score: null }], { reports: 9, critical: 3, high: 7 });
    expect(tile.detail).toBe('edge lowest of 2 clusters; below the 90 % bar; 1 without a run; 3 critical and 7 high vulnerabilities in 9 image reports');
  });
});

describe('toilTile', () => {
  it.each([
    ['no teams', [], 'no-data', '—'],
    ['teams without a measure', [{ teamName: 'A', percent: null }], 'no-data', '—'],
    ['19.9 % is healthy', [{ teamName: 'A', percent: 19.9 }], 'ok', '20 %'],
    ['20 % needs attention', [{ teamName: 'A', percent: 20 }], 'warning', '20 %'],
    ['50 % is still within budget', [{ teamName: 'A', percent: 50 }], 'warning', '50 %'],
    ['over 50 % halts feature work', [{ teamName: 'A', percent: 12 }, { teamName: 'B', percent: 62.4 }], 'critical', '62 %'],
  ] as const)('%s', (_name, teams, status, value) => {
    const tile = toilTile(teams);
    expect([tile.status, tile.value]).toEqual([status, value]);
  });

  it('says who and the seed action', () => {
    expect(toilTile([{ teamName: 'Payments', percent: 62 }, { teamName: 'Search', percent: 55 }, { teamName: 'Web', percent: null }]).detail).toBe(
      'Payments, highest of 2 measured teams this sprint; over the 50 % budget: halt feature work (2 teams)',
    );
    expect(toilTile([{ teamName: 'Payments', percent: 30 }]).detail).toBe('Payments this sprint; watch: above 20 %');
  });
});
