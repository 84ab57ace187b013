import { describe, expect, it } from 'vitest';
import { assess, MARKERS, evaluateMarker } from './maturity.compute';
import { operationsEvidence, type CertFact, type DrillFact, type OperationsGathered, type ServiceDrFact, type ToilFact } from './operations-evidence.compute';
import type { EvidenceKey } from './maturity.schema';

const DAY = 86_400_000;
const now = Date.parse('2026-12-05T12:00:00Z');

const cert = (over: Partial<CertFact> = {}): CertFact => ({ teamId: 'a', managed: true, cluster: 'prod', ...over });
const svc = (over: Partial<ServiceDrFact> = {}): ServiceDrFact => ({ serviceId: 's1', teamId: 'a', backupState: 'ok', clusters: ['prod'], namespaces: ['prod/shop'], ...over });
const drill = (over: Partial<DrillFact> = {}): DrillFact => ({ serviceId: 's1', teamId: 'a', startedAt: now - 10 * DAY, success: true, cluster: 'prod', ...over });
const toil = (over: Partial<ToilFact> = {}): ToilFact => ({ percent: 30, toilHours: 36, engineeringHours: 120, loggedHours: 30, pagesHandled: 4, sprintEnd: '2026-11-30', ...over });

const base: OperationsGathered = { certificates: [], dr: { services: [], drills: [] }, kubeBench: [], toil: new Map(), delivery: [] };
const with_ = (over: Partial<OperationsGathered>): OperationsGathered => ({ ...base, ...over });

// Each case: the facts, the scope, the evidence key, then the measure and the marker's status.
type Case = { name: string; o: OperationsGathered; team: string | null; key: EvidenceKey; status: 'measured' | 'no-data'; value: number | null; marker: string; result: 'met' | 'not-met' | 'no-data' };

const cases: Case[] = [
  // Level 1 anti-pattern: TLS secrets not managed by cert-manager.
  { name: 'all certificates managed', o: with_({ certificates: [cert(), cert()] }), team: 'a', key: 'unmanagedCertificates', status: 'measured', value: 0, marker: 'reactive.manual-certs', result: 'met' },
  { name: 'an Ingress TLS secret renewed by hand', o: with_({ certificates: [cert(), cert({ managed: false })] }), team: 'a', key: 'unmanagedCertificates', status: 'measured', value: 1, marker: 'reactive.manual-certs', result: 'not-met' },
  { name: "another team's manual certificate is not ours", o: with_({ certificates: [cert(), cert({ teamId: 'b', managed: false })] }), team: 'a', key: 'unmanagedCertificates', status: 'measured', value: 0, marker: 'reactive.manual-certs', result: 'met' },
  { name: 'the organisation sees every manual certificate', o: with_({ certificates: [cert({ teamId: null, managed: false }), cert({ teamId: 'b', managed: false })] }), team: null, key: 'unmanagedCertificates', status: 'measured', value: 2, marker: 'reactive.manual-certs', result: 'not-met' },
  { name: 'certificates unreadable', o: with_({ certificates: { unavailable: 'certificates could not be read' } }), team: 'a', key: 'unmanagedCertificates', status: 'no-data', value: null, marker: 'reactive.manual-certs', result: 'no-data' },
  // Level 2: cert-manager installed (shared platform).
  { name: 'cert-manager issues certificates on the platform', o: with_({ certificates: [cert({ teamId: 'b' })] }), team: 'a', key: 'certManagerCertificates', status: 'measured', value: 1, marker: 'managed.cert-manager', result: 'met' },
  { name: 'no cert-manager certificate anywhere', o: with_({ certificates: [cert({ managed: false })] }), team: 'a', key: 'certManagerCertificates', status: 'measured', value: 0, marker: 'managed.cert-manager', result: 'not-met' },
  // Level 3: Velero schedules with a recent success.
  { name: 'every service freshly backed up', o: with_({ dr: { services: [svc(), svc({ serviceId: 's2' })], drills: [] } }), team: 'a', key: 'veleroRecentBackups', status: 'measured', value: 100, marker: 'defined.velero', result: 'met' },
  { name: 'one of two backups stale', o: with_({ dr: { services: [svc(), svc({ serviceId: 's2', backupState: 'stale' })], drills: [] } }), team: 'a', key: 'veleroRecentBackups', status: 'measured', value: 50, marker: 'defined.velero', result: 'not-met' },
  { name: 'services not found in any cluster', o: with_({ dr: { services: [svc({ backupState: null })], drills: [] } }), team: 'a', key: 'veleroRecentBackups', status: 'no-data', value: null, marker: 'defined.velero', result: 'no-data' },
  // Level 3: kube-bench enforced (lowest cluster score).
  { name: 'every benched cluster at 90 % or more', o: with_({ kubeBench: [{ cluster: 'prod', score: 94 }, { cluster: 'stage', score: 90 }] }), team: 'a', key: 'kubeBenchScore', status: 'measured', value: 90, marker: 'defined.kube-bench', result: 'met' },
  { name: 'one cluster below the threshold', o: with_({ kubeBench: [{ cluster: 'prod', score: 94 }, { cluster: 'stage', score: 71.5 }] }), team: 'a', key: 'kubeBenchScore', status: 'measured', value: 71.5, marker: 'defined.kube-bench', result: 'not-met' },
  { name: 'no kube-bench run uploaded', o: with_({ kubeBench: [{ cluster: 'prod', score: null }] }), team: 'a', key: 'kubeBenchScore', status: 'no-data', value: null, marker: 'defined.kube-bench', result: 'no-data' },
  // A team is held to the clusters its services run in; the organisation to every cluster.
  { name: "a lab cluster the team's services do not run in", o: with_({ kubeBench: [{ cluster: 'prod', score: 94 }, { cluster: 'lab', score: 40 }], dr: { services: [svc()], drills: [] } }), team: 'a', key: 'kubeBenchScore', status: 'measured', value: 94, marker: 'defined.kube-bench', result: 'met' },
  { name: 'the same lab cluster, for the organisation', o: with_({ kubeBench: [{ cluster: 'prod', score: 94 }, { cluster: 'lab', score: 40 }], dr: { services: [svc()], drills: [] } }), team: null, key: 'kubeBenchScore', status: 'measured', value: 40, marker: 'defined.kube-bench', result: 'not-met' },
  { name: 'services found in no cluster: every cluster counts', o: with_({ kubeBench: [{ cluster: 'prod', score: 94 }, { cluster: 'lab', score: 40 }], dr: { services: [], drills: [] } }), team: 'a', key: 'kubeBenchScore', status: 'measured', value: 40, marker: 'defined.kube-bench', result: 'not-met' },
  { name: "the team's cluster has no run", o: with_({ kubeBench: [{ cluster: 'prod', score: null }, { cluster: 'lab', score: 95 }], dr: { services: [svc()], drills: [] } }), team: 'a', key: 'kubeBenchScore', status: 'no-data', value: null, marker: 'defined.kube-bench', result: 'no-data' },
  // Level 3: DR tested quarterly.
  { name: 'a drill 10 days ago', o: with_({ dr: { services: [svc()], drills: [drill()] } }), team: 'a', key: 'drDrills90d', status: 'measured', value: 1, marker: 'defined.dr-quarterly', result: 'met' },
  { name: 'the last drill 100 days ago', o: with_({ dr: { services: [svc()], drills: [drill({ startedAt: now - 100 * DAY })] } }), team: 'a', key: 'drDrills90d', status: 'measured', value: 0, marker: 'defined.dr-quarterly', result: 'not-met' },
  { name: "another team's drill", o: with_({ dr: { services: [svc()], drills: [drill({ teamId: 'b', serviceId: 's9' })] } }), team: 'a', key: 'drDrills90d', status: 'measured', value: 0, marker: 'defined.dr-quarterly', result: 'not-met' },
  // Level 4: multi-cluster DR (a successful restore into another cluster).
  { name: 'restored into the DR cluster', o: with_({ dr: { services: [svc()], drills: [drill({ cluster: 'dr-eu' })] } }), team: 'a', key: 'multiClusterDr', status: 'measured', value: 1, marker: 'measured.multi-cluster-dr', result: 'met' },
  { name: 'restored in place', o: with_({ dr: { services: [svc()], drills: [drill()] } }), team: 'a', key: 'multiClusterDr', status: 'measured', value: 0, marker: 'measured.multi-cluster-dr', result: 'not-met' },
  { name: 'a failed cross-cluster restore', o: with_({ dr: { services: [svc()], drills: [drill({ cluster: 'dr-eu', success: false })] } }), team: 'a', key: 'multiClusterDr', status: 'measured', value: 0, marker: 'measured.multi-cluster-dr', result: 'not-met' },
  // Levels 4 and 5: toil < 50 % and < 20 % (last complete sprint).
  { name: 'toil at 30 %', o: with_({ toil: new Map([['a', toil()]]) }), team: 'a', key: 'toilPercent', status: 'measured', value: 30, marker: 'measured.toil-50', result: 'met' },
  { name: 'toil at 30 % is not under 20 %', o: with_({ toil: new Map([['a', toil()]]) }), team: 'a', key: 'toilPercent', status: 'measured', value: 30, marker: 'optimising.toil-20', result: 'not-met' },
  { name: 'toil at 50 % exactly', o: with_({ toil: new Map([['a', toil({ percent: 50 })]]) }), team: 'a', key: 'toilPercent', status: 'measured', value: 50, marker: 'measured.toil-50', result: 'not-met' },
  { name: 'nothing logged and no page: not measured', o: with_({ toil: new Map([['a', toil({ percent: 0, toilHours: 0, loggedHours: 0, pagesHandled: 0 })]]) }), team: 'a', key: 'toilPercent', status: 'no-data', value: null, marker: 'optimising.toil-20', result: 'no-data' },
  { name: 'no engineering hours known', o: with_({ toil: new Map([['a', toil({ percent: null, engineeringHours: null })]]) }), team: 'a', key: 'toilPercent', status: 'no-data', value: null, marker: 'measured.toil-50', result: 'no-data' },
  { name: 'organisation: pooled over measuring teams', o: with_({ toil: new Map([['a', toil()], ['b', toil({ percent: 10, toilHours: 8, engineeringHours: 80 })]]) }), team: null, key: 'toilPercent', status: 'measured', value: 22, marker: 'measured.toil-50', result: 'met' },
];

describe('operationsEvidence', () => {
  it.each(cases)('$name → $key $status $value, $marker $result', ({ o, team, key, status, value, marker, result }) => {
    const e = operationsEvidence(o, team, now);
    const m = e[key as keyof typeof e];
    expect(m.status).toBe(status);
    expect(m.value).toBe(value);
    expect(m.detail.length).toBeGreaterThan(10);
    expect(m.href).toMatch(/^\/(certificates|dr|security|toil)$/);
    const def = MARKERS.find((d) => d.id === marker)!;
    expect(def.evidence).toBe(key);
    expect(evaluateMarker(def, { ...assessable(), ...e }).status).toBe(result);
  });
});

// The rest of the evidence does not matter to evaluateMarker; assess() needs all of it.
function assessable() {
  return Object.fromEntries(MARKERS.map((d) => [d.evidence, { status: 'no-data', value: null, detail: 'x', href: '/' }])) as Parameters<typeof assess>[0];
}
