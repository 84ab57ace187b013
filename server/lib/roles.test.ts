import { describe, expect, it } from 'vitest';
import { ACTIONS, can, ROLES, TOKEN_SCOPES, type Action, type Actor, type Role, type TokenScope } from './roles';

// The whole permission matrix, written out. Changing who may do what means
// changing this table on purpose.
//                                  viewer engineer  IC   executive admin
const MATRIX: Record<Action, [boolean, boolean, boolean, boolean, boolean]> = {
  'app.read':                     [true,  true,  true,  true,  true ],
  'reports.view':                 [false, false, false, true,  true ],
  'maturity.assess':              [false, false, false, true,  true ],
  'audit.view':                   [false, false, false, true,  true ],
  'catalog.manage':               [false, true,  true,  false, true ],
  'cluster.manage':               [false, true,  true,  false, true ],
  'slo.manage':                   [false, true,  true,  false, true ],
  'runbook.manage':               [false, true,  true,  false, true ],
  'change.submit':                [false, true,  true,  false, true ],
  'change.approve':               [false, true,  true,  true,  true ],
  'change.override':              [false, false, true,  false, true ],
  'incident.respond':             [false, true,  true,  false, true ],
  'incident.command':             [false, false, true,  false, true ],
  'postmortem.read':              [true,  true,  true,  true,  true ],
  'postmortem.write':             [false, false, true,  false, true ],
  'user.manage':                  [false, false, false, false, true ],
  'token.manage':                 [false, false, false, false, true ],
  'settings.manage':              [false, false, false, false, true ],
  'alerts.ingest':                [false, false, false, false, false],
  'check.run':                    [false, false, false, false, false],
  'readiness.exempt':             [false, true,  true,  false, true ],
  'readiness.approve':            [false, false, true,  false, true ],
  'toil.log':                     [false, true,  true,  false, true ],
  'toil.configure':               [false, true,  true,  false, true ],
  'security.import':              [false, true,  true,  false, true ],
  'dr.drill':                     [false, true,  true,  false, true ],
  'maturity.attest':              [false, true,  true,  false, true ],
}; // prettier-ignore

const COLUMNS: Role[] = ['viewer', 'engineer', 'incident_commander', 'executive', 'admin'];

//                                  read   alerts changes check  pages  incidents reports toil   security
const SCOPE_MATRIX: Record<Action, [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
  'app.read':                     [true,  false, false, true , true , false, true , true , true ],
  'reports.view':                 [false, false, false, false, false, false, true , false, false],
  'maturity.assess':              [false, false, false, false, false, false, false, false, false],
  'audit.view':                   [false, false, false, false, false, false, false, false, false],
  'catalog.manage':               [false, false, false, false, false, false, false, false, false],
  'cluster.manage':               [false, false, false, false, false, false, false, false, false],
  'slo.manage':                   [false, false, false, false, false, false, false, false, false],
  'runbook.manage':               [false, false, false, false, false, false, false, false, false],
  'change.submit':                [false, false, true,  false, false, false, false, false, false],
  'change.approve':               [false, false, false, false, false, false, false, false, false],
  'change.override':              [false, false, false, false, false, false, false, false, false],
  'incident.respond':             [false, false, false, false, true , false, false, false, false],
  'incident.command':             [false, false, false, false, false, false, false, false, false],
  'postmortem.write':             [false, false, false, false, false, false, false, false, false],
  'postmortem.read':              [false, false, false, false, false, true , true , false, false],
  'user.manage':                  [false, false, false, false, false, false, false, false, false],
  'token.manage':                 [false, false, false, false, false, false, false, false, false],
  'settings.manage':              [false, false, false, false, false, false, false, false, false],
  'alerts.ingest':                [false, true,  false, false, false, false, false, false, false],
  'check.run':                    [false, false, false, true , false, false, false, false, false],
  'readiness.exempt':             [false, false, false, false, false, false, false, false, false],
  'readiness.approve':            [false, false, false, false, false, false, false, false, false],
  'toil.log':                     [false, false, false, false, false, false, false, true,  false],
  'toil.configure':               [false, false, false, false, false, false, false, false, false],
  'security.import':              [false, false, false, false, false, false, false, false, true ],
  'dr.drill':                     [false, false, false, false, false, false, false, false, false],
  'maturity.attest':              [false, false, false, false, false, false, false, false, false],
}; // prettier-ignore

const SCOPE_COLUMNS: TokenScope[] = ['read', 'alerts', 'changes', 'check', 'pages', 'incidents', 'reports', 'toil', 'security'];

const user = (role: Role): Actor => ({ kind: 'user', id: `u-${role}`, email: `${role}@example.com`, name: role, role });
const token = (scopes: TokenScope[]): Actor => ({ kind: 'token', id: 't1', name: 'ci', scopes });

describe('can(): the role matrix', () => {
  it('covers every role and every action', () => {
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
  });

  const cases = ACTIONS.flatMap((action) =>
    COLUMNS.map((role, i) => ({ role, action, allowed: MATRIX[action][i]! })),
  );
  it.each(cases)('$role $action -> $allowed', ({ role, action, allowed }) => {
    expect(can(user(role), action)).toBe(allowed);
  });
});

describe('can(): API token scopes', () => {
  it('covers every scope', () => {
    expect([...SCOPE_COLUMNS].sort()).toEqual([...TOKEN_SCOPES].sort());
    expect(Object.keys(SCOPE_MATRIX).sort()).toEqual([...ACTIONS].sort());
  });

  const cases = ACTIONS.flatMap((action) =>
    SCOPE_COLUMNS.map((scope, i) => ({ scope, action, allowed: SCOPE_MATRIX[action][i]! })),
  );
  it.each(cases)('scope $scope $action -> $allowed', ({ scope, action, allowed }) => {
    expect(can(token([scope]), action)).toBe(allowed);
  });

  it.each(ACTIONS.map((action) => ({ action })))('several scopes grant the union: $action', ({ action }) => {
    const expected = SCOPE_COLUMNS.some((_, i) => SCOPE_MATRIX[action][i]);
    expect(can(token([...TOKEN_SCOPES]), action)).toBe(expected);
  });

  it.each(ACTIONS.map((action) => ({ action })))('a token with no scope may not $action', ({ action }) => {
    expect(can(token([]), action)).toBe(false);
  });
});

describe('can(): other actors', () => {
  it.each(ACTIONS.map((action) => ({ action })))('the system may $action', ({ action }) => {
    expect(can({ kind: 'system', id: 'system', name: 'cli' }, action)).toBe(true);
  });

  it.each(ACTIONS.map((action) => ({ action })))('nobody (null/undefined) may not $action', ({ action }) => {
    expect(can(null, action)).toBe(false);
    expect(can(undefined, action)).toBe(false);
  });
});
