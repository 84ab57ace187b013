import type { Action } from '@/server/lib/roles';

// The one list of places in Runwell. The shell shows an item only to roles that
// may open it; each page still checks the permission itself.
export type NavItem = { href: string; label: string; action: Action; shortcut?: string };

export const MAIN_NAV: NavItem[] = [
  { href: '/overview', label: 'Overview', action: 'app.read', shortcut: 'g o' },
  { href: '/clusters', label: 'Clusters', action: 'app.read', shortcut: 'g c' },
  { href: '/readiness', label: 'Readiness', action: 'app.read', shortcut: 'g r' },
  { href: '/slos', label: 'SLOs', action: 'app.read', shortcut: 'g s' },
  { href: '/incidents', label: 'Incidents', action: 'app.read', shortcut: 'g i' },
  { href: '/postmortems', label: 'Post-mortems', action: 'postmortem.read', shortcut: 'g p' },
  { href: '/oncall', label: 'On-call', action: 'app.read', shortcut: 'g n' },
  // The pages the built-in inbox channel delivered to me.
  { href: '/inbox', label: 'Inbox', action: 'app.read', shortcut: 'g x' },
  { href: '/runbooks', label: 'Runbooks', action: 'app.read', shortcut: 'g b' },
  { href: '/quality', label: 'Alert quality', action: 'app.read', shortcut: 'g q' },
  { href: '/changes', label: 'Changes', action: 'app.read', shortcut: 'g h' },
  { href: '/toil', label: 'Toil', action: 'app.read', shortcut: 'g t' },
  { href: '/certificates', label: 'Certificates', action: 'app.read', shortcut: 'g k' },
  { href: '/dr', label: 'Disaster recovery', action: 'app.read', shortcut: 'g d' },
  { href: '/security', label: 'Security', action: 'app.read', shortcut: 'g y' },
  { href: '/network', label: 'Network', action: 'app.read', shortcut: 'g w' },
  { href: '/storage', label: 'Storage', action: 'app.read', shortcut: 'g v' },
  { href: '/performance', label: 'Performance', action: 'app.read', shortcut: 'g f' },
  { href: '/maturity', label: 'Maturity', action: 'app.read', shortcut: 'g m' },
  { href: '/reports', label: 'Reports', action: 'reports.view', shortcut: 'g e' },
  { href: '/settings', label: 'Settings', action: 'app.read', shortcut: 'g ,' },
];

export const SETTINGS_NAV: NavItem[] = [
  { href: '/settings/teams', label: 'Teams', action: 'app.read' },
  { href: '/settings/services', label: 'Services', action: 'app.read' },
  { href: '/settings/users', label: 'Users and roles', action: 'user.manage' },
  { href: '/settings/tokens', label: 'API tokens', action: 'token.manage' },
  { href: '/settings/datasources', label: 'Data sources', action: 'app.read' },
  { href: '/settings/alerting', label: 'Alerting', action: 'app.read' },
  { href: '/settings/postmortems', label: 'Post-mortem template', action: 'settings.manage' },
  { href: '/settings/reports', label: 'Reports', action: 'settings.manage' },
  { href: '/settings/audit', label: 'Audit log', action: 'audit.view' },
  { href: '/settings/system', label: 'System', action: 'app.read' },
];
