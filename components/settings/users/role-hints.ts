import type { Role } from '@/server/lib/roles';

// Plain-language summary of server/lib/roles.ts for people choosing a role.
export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'Reads dashboards, SLOs, incidents and inventory.',
  engineer: 'Also connects clusters, manages SLOs, runbooks and the catalog, submits changes and responds to pages.',
  incident_commander: 'Also declares and commands incidents and writes post-mortems.',
  executive: 'Reads everything, plus maturity reports and the audit log.',
  admin: 'Everything, including users, API tokens and settings.',
};
