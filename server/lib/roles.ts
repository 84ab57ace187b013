// Who may do what. Pure: every page, tRPC procedure and route asks `can`, and
// the whole matrix is pinned by a table-driven test (roles.test.ts).

export const ROLES = ['viewer', 'engineer', 'incident_commander', 'executive', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'app.read', // dashboards, inventory, SLOs, incidents: everything not marked below
  'reports.view', // maturity and executive reports
  'maturity.assess', // run a maturity assessment now (writes a snapshot; audited)
  'audit.view',
  'catalog.manage', // teams and services
  'cluster.manage',
  'slo.manage',
  'runbook.manage',
  'change.submit',
  'change.approve', // approve changes (engineers only as the lead of an owning team: changes.service narrows it)
  'change.override', // break-glass override of a held or blocked change (with a reason; audited)
  'incident.respond', // acknowledge pages, add notes
  'incident.command', // declare, change status and roles, close
  'postmortem.read', // post-mortems and action items (drafts only for responders; see postmortems.service)
  'postmortem.write',
  'user.manage',
  'token.manage',
  'settings.manage',
  'alerts.ingest', // Alertmanager webhook (API tokens only)
  'check.run', // CI gate callers (API tokens only)
  'readiness.exempt', // request (and withdraw) readiness exemptions
  'readiness.approve', // approve, reject and revoke readiness exemptions (never one's own request)
  'toil.log', // log (and delete one's own) toil hours
  'toil.configure', // a team's sprint length, engineering hours, opt-in to block feature work (engineers only as the team's lead: toil.service narrows it)
  'security.import', // upload kube-bench results
  'dr.drill', // record a disaster recovery drill (docs/domains.md)
  'maturity.attest', // attest (and revoke) a maturity criterion Runwell cannot observe (engineers and incident commanders only as the team's lead: maturity attestation.service narrows it)
] as const;
export type Action = (typeof ACTIONS)[number];

const VIEWER: Action[] = ['app.read', 'postmortem.read'];
const ENGINEER: Action[] = [
  ...VIEWER,
  'catalog.manage',
  'cluster.manage',
  'slo.manage',
  'runbook.manage',
  'change.submit',
  'change.approve',
  'incident.respond',
  'readiness.exempt',
  'toil.log',
  'toil.configure',
  'security.import',
  'dr.drill',
  'maturity.attest',
];
const INCIDENT_COMMANDER: Action[] = [...ENGINEER, 'change.override', 'incident.command', 'postmortem.write', 'readiness.approve'];
const EXECUTIVE: Action[] = [...VIEWER, 'reports.view', 'maturity.assess', 'audit.view', 'change.approve'];
const ADMIN: Action[] = [
  ...new Set([...INCIDENT_COMMANDER, ...EXECUTIVE, 'user.manage', 'token.manage', 'settings.manage'] as Action[]),
];

const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  viewer: new Set(VIEWER),
  engineer: new Set(ENGINEER),
  incident_commander: new Set(INCIDENT_COMMANDER),
  executive: new Set(EXECUTIVE),
  admin: new Set(ADMIN),
};

// API token scopes and the actions each grants. Tokens never inherit a role.
export const TOKEN_SCOPES = ['read', 'alerts', 'changes', 'check', 'pages', 'incidents', 'reports', 'toil', 'security'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
const SCOPE_ACTIONS: Record<TokenScope, ReadonlySet<Action>> = {
  read: new Set(['app.read']),
  alerts: new Set(['alerts.ingest']),
  changes: new Set(['change.submit']),
  check: new Set(['check.run', 'app.read']),
  // Chat-ops bots and pager integrations: read pages, acknowledge and resolve them.
  pages: new Set(['incident.respond', 'app.read']),
  // Exporting post-mortems and action items to a wiki or tracker (GET /api/v1/postmortems, /action-items).
  incidents: new Set(['postmortem.read']),
  // BI tools and wikis pulling the executive report (GET /api/v1/reports/monthly). The report reads
  // SLOs, incidents and post-mortem completion, so the scope reads them too.
  reports: new Set(['reports.view', 'app.read', 'postmortem.read']),
  // Scripts and bots logging toil (POST /api/v1/toil); they read the toil figures back.
  toil: new Set(['toil.log', 'app.read']),
  // A kube-bench Job or CI uploading its results (POST /api/v1/security/kube-bench).
  security: new Set(['security.import', 'app.read']),
};

export type Actor =
  | { kind: 'user'; id: string; email: string; name: string; role: Role }
  | { kind: 'token'; id: string; name: string; scopes: TokenScope[] }
  | { kind: 'system'; id: 'system'; name: string };

export function can(actor: Actor | null | undefined, action: Action): boolean {
  if (!actor) return false;
  switch (actor.kind) {
    case 'system':
      return true;
    case 'user':
      return ROLE_PERMISSIONS[actor.role].has(action);
    case 'token':
      return actor.scopes.some((scope) => SCOPE_ACTIONS[scope].has(action));
  }
}

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  engineer: 'Engineer',
  incident_commander: 'Incident commander',
  executive: 'Executive',
  admin: 'Admin',
};
