import { describe, expect, it } from 'vitest';
import { falcoRates, mergeFalcoSources, promGroups, type FalcoGroup } from './falco.compute';

const now = Date.parse('2026-12-05T12:00:00Z');
const g = (over: Partial<FalcoGroup>): FalcoGroup => ({ cluster: 'prod', rule: 'Terminal shell in container', priority: 'Notice', events24h: 0, events7d: 0, last: now - 3_600_000, source: 'alertmanager', ...over });

describe('Falco alert rate per cluster and rule', () => {
  it.each([
    ['no events', [], 0, 0],
    ['24 events in a day: 1 per hour', [g({ events24h: 24, events7d: 30 })], 24, 1],
    ['across rules and clusters', [g({ events24h: 6, events7d: 6 }), g({ cluster: 'staging', rule: 'Write below etc', priority: 'Error', events24h: 3, events7d: 9 })], 9, 0.38],
    ['only older events: no rate, still in the week', [g({ events24h: 0, events7d: 12 })], 0, 0],
  ] as const)('%s', (_, groups, events, perHour) => {
    const r = falcoRates([...groups], now);
    expect([r.events24h, r.perHour]).toEqual([events, perHour]);
    expect(r.events7d).toBe(groups.reduce((s, x) => s + x.events7d, 0));
  });

  it('ranks rules by events in the day, then priority (most severe first), and totals per cluster', () => {
    const r = falcoRates(
      [
        g({ rule: 'Terminal shell in container', priority: 'Notice', events24h: 5, events7d: 5 }),
        g({ rule: 'Read sensitive file untrusted', priority: 'Warning', events24h: 5, events7d: 5 }),
        g({ rule: 'Drop and execute new binary in container', priority: 'Critical', events24h: 5, events7d: 8 }),
        g({ cluster: 'staging', rule: 'Terminal shell in container', events24h: 12, events7d: 12, last: now - 30 * 60_000 }),
      ],
      now,
    );
    expect(r.rules.map((x) => `${x.cluster}:${x.priority}`)).toEqual(['staging:Notice', 'prod:Critical', 'prod:Warning', 'prod:Notice']);
    expect(r.byCluster).toEqual([
      { cluster: 'prod', events24h: 15, perHour: 0.63, events7d: 18 },
      { cluster: 'staging', events24h: 12, perHour: 0.5, events7d: 12 },
    ]);
    expect(r.rules[0]).toMatchObject({ lastAgoHours: 0, perHour: 0.5 });
  });
});

describe('Falcosidekick\'s Prometheus counter', () => {
  const sample = (rule: string, priority: string, value: number) => ({ metric: { rule, priority }, value });

  it('rounds increase() to whole events per rule and priority, and drops rules silent all week', () => {
    const groups = promGroups('prod', [sample('Terminal shell in container', 'Notice', 95.6)], [sample('Terminal shell in container', 'Notice', 671.2), sample('Write below etc', 'Error', 0.2)]);
    expect(groups).toEqual([{ cluster: 'prod', rule: 'Terminal shell in container', priority: 'Notice', events24h: 96, events7d: 671, last: null, source: 'prometheus' }]);
  });

  it('replaces the webhook count of the clusters it covers, keeps the others', () => {
    const merged = mergeFalcoSources([g({ cluster: 'prod', events24h: 3 }), g({ cluster: 'staging', events24h: 2 })], promGroups('prod', [sample('Terminal shell in container', 'Notice', 96)], []));
    expect(merged.map((x) => [x.cluster, x.source, x.events24h])).toEqual([
      ['staging', 'alertmanager', 2],
      ['prod', 'prometheus', 96],
    ]);
    expect(falcoRates(merged, now).rules[0]).toMatchObject({ cluster: 'prod', perHour: 4, lastAt: null, lastAgoHours: null, source: 'prometheus' });
  });
});
