import type { TokenScope } from '@/server/lib/roles';

// What each scope lets a token do (server/lib/roles.ts SCOPE_ACTIONS), in words.
export const SCOPE_HINTS: Record<TokenScope, string> = {
  read: 'Read dashboards, SLOs, incidents and inventory',
  alerts: 'Send Alertmanager webhooks',
  changes: 'Submit changes to the change ledger',
  check: 'Run readiness checks from CI',
  pages: 'Read, acknowledge and resolve pages (chat-ops bots, pager apps)',
  incidents: 'Read post-mortems (JSON or Markdown) and action items: wiki and tracker exports',
  reports: 'Read the monthly executive report (GET /api/v1/reports/monthly) and what it summarises',
  toil: 'Log toil hours for a team (POST /api/v1/toil) and read the toil budget',
  security: 'Upload kube-bench results (POST /api/v1/security/kube-bench) and read the security page',
};
