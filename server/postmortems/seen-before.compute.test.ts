import { describe, expect, it } from 'vitest';
import { rankSeenBefore, type SeenBeforeCandidate } from './seen-before.compute';

const checkout = { id: 's1', name: 'Checkout' };
const cart = { id: 's2', name: 'Cart' };
const candidate = (id: string, startedAt: number, services: { id: string; name: string }[], alertnames: string[]): SeenBeforeCandidate => ({ postmortemId: `pm-${id}`, incidentId: `inc-${id}`, startedAt, services, alertnames });

describe('rankSeenBefore', () => {
  const current = { serviceIds: ['s1'], alertnames: ['CheckoutErrors'] };
  it.each([
    { name: 'same service and alert', c: candidate('a', 1, [checkout], ['CheckoutErrors']), match: 'both', services: ['Checkout'], alerts: ['CheckoutErrors'] },
    { name: 'same alert on another service', c: candidate('b', 1, [cart], ['CheckoutErrors', 'CheckoutErrors']), match: 'alert', services: [], alerts: ['CheckoutErrors'] },
    { name: 'same service, other alert', c: candidate('c', 1, [checkout, cart], ['Latency']), match: 'service', services: ['Checkout'], alerts: [] },
  ])('$name -> $match', ({ c, match, services, alerts }) => {
    const [m] = rankSeenBefore(current, [c]);
    expect(m).toMatchObject({ match, sharedServices: services, sharedAlerts: alerts });
  });

  it('drops candidates that share nothing', () => {
    expect(rankSeenBefore(current, [candidate('x', 1, [cart], ['Latency'])])).toEqual([]);
    expect(rankSeenBefore({ serviceIds: [], alertnames: [] }, [candidate('y', 1, [checkout], ['CheckoutErrors'])])).toEqual([]);
  });

  it('ranks both before alert before service, newest first within a rank, and keeps the limit', () => {
    const ranked = rankSeenBefore(
      current,
      [candidate('old-service', 5, [checkout], []), candidate('old-both', 1, [checkout], ['CheckoutErrors']), candidate('alert', 9, [cart], ['CheckoutErrors']), candidate('new-both', 2, [checkout], ['CheckoutErrors']), candidate('new-service', 8, [checkout], [])],
      4,
    );
    expect(ranked.map((r) => r.incidentId)).toEqual(['inc-new-both', 'inc-old-both', 'inc-alert', 'inc-new-service']);
  });
});
