import type { Role } from '../lib/roles';
import type { ServiceTier } from '../catalog/catalog.schema';

// The demo organisation `runwell seed --demo` and `runwell serve --demo` create.
// Plain data: the seed service decides what is missing and creates it through
// the domain services, so every row is validated and audited like a real one.

const DEMO_EMAIL_DOMAIN = 'demo.runwell.local';

export type DemoUser = { key: string; email: string; name: string; role: Role };
export type DemoTeam = {
  slug: string;
  name: string;
  description: string;
  timeZone: string;
  members: { user: string; isLead: boolean }[];
};
export type DemoService = {
  slug: string;
  name: string;
  description: string;
  tier: ServiceTier;
  team: string;
};

const user = (key: string, name: string, role: Role): DemoUser => ({
  key,
  email: `${key}@${DEMO_EMAIL_DOMAIN}`,
  name,
  role,
});

export const DEMO_USERS: DemoUser[] = [
  user('admin', 'Ada Admin', 'admin'),
  user('engineer', 'Eli Engineer', 'engineer'),
  user('commander', 'Cam Commander', 'incident_commander'),
  user('executive', 'Eve Executive', 'executive'),
  user('viewer', 'Vic Viewer', 'viewer'),
];

export const DEMO_TEAMS: DemoTeam[] = [
  {
    slug: 'payments',
    name: 'Payments',
    description: 'Card payments, payouts and the ledger.',
    timeZone: 'Europe/Paris',
    members: [
      { user: 'engineer', isLead: true },
      { user: 'commander', isLead: false },
    ],
  },
  {
    slug: 'checkout',
    name: 'Checkout',
    description: 'Cart, checkout flow and order confirmation.',
    timeZone: 'Europe/London',
    members: [
      { user: 'engineer', isLead: false },
      { user: 'viewer', isLead: false },
    ],
  },
  {
    slug: 'platform',
    name: 'Platform',
    description: 'Kubernetes clusters, ingress, CI runners and observability.',
    timeZone: 'UTC',
    members: [
      { user: 'commander', isLead: true },
      { user: 'admin', isLead: false },
    ],
  },
  {
    slug: 'search',
    name: 'Search',
    description: 'Product search and indexing.',
    timeZone: 'America/New_York',
    members: [{ user: 'viewer', isLead: false }],
  },
];

export const DEMO_SERVICES: DemoService[] = [
  { slug: 'payments-api', name: 'Payments API', description: 'Authorises and captures card payments.', tier: 'tier1', team: 'payments' },
  { slug: 'payments-ledger', name: 'Payments ledger', description: 'Double-entry ledger of every money movement.', tier: 'tier1', team: 'payments' },
  { slug: 'fraud-scoring', name: 'Fraud scoring', description: 'Scores payments for fraud risk.', tier: 'tier2', team: 'payments' },
  { slug: 'checkout-web', name: 'Checkout web', description: 'The checkout pages customers pay on.', tier: 'tier1', team: 'checkout' },
  { slug: 'cart-service', name: 'Cart service', description: 'Keeps shopping carts across sessions.', tier: 'tier2', team: 'checkout' },
  { slug: 'ingress-gateway', name: 'Ingress gateway', description: 'Edge routing and TLS for every public host.', tier: 'tier1', team: 'platform' },
  { slug: 'observability-stack', name: 'Observability stack', description: 'Prometheus, Alertmanager and Grafana.', tier: 'tier2', team: 'platform' },
  { slug: 'ci-runners', name: 'CI runners', description: 'Build and test runners for every repository.', tier: 'tier3', team: 'platform' },
  { slug: 'search-api', name: 'Search API', description: 'Product search queries.', tier: 'tier2', team: 'search' },
  { slug: 'search-indexer', name: 'Search indexer', description: 'Rebuilds the product index from the catalog.', tier: 'tier3', team: 'search' },
];

export function demoLinks(service: DemoService): { label: string; url: string }[] {
  return [
    { label: 'Runbook', url: `https://runbooks.${DEMO_EMAIL_DOMAIN}/${service.team}/${service.slug}` },
    { label: 'Dashboard', url: `https://grafana.${DEMO_EMAIL_DOMAIN}/d/${service.slug}` },
    { label: 'Repository', url: `https://git.${DEMO_EMAIL_DOMAIN}/${service.team}/${service.slug}` },
  ];
}
