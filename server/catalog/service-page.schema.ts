import { z } from 'zod';
import type { BandOrNoData } from '../lib/policy-bands';
import type { ServiceDto } from './catalog.schema';

// The service page (/services/<slug or id>): one read of everything an SRE lead
// asks about a service. Each part comes from its own domain's service.

/** A service is addressed by its slug (readable URLs) or its id (what other domains store). */
export const serviceKeySchema = z.object({ key: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'a service slug or id') });

type When = Date | number | null;

export type ServicePageDto = {
  service: ServiceDto;
  budget: { worst: BandOrNoData | null; counts: { band: BandOrNoData; count: number }[] };
  slos: { id: string; name: string; objective: number; windowLabel: string; sli: number | null; remainingPercent: number; band: BandOrNoData; burnRate1h: number | null }[];
  readiness: {
    gate: { status: 'pass' | 'fail' | 'unknown'; score: number; workloads: number; failedDangers: number; evaluatedAt: When; reasons: ({ type: 'danger'; checkId: string; workload: string } | { type: 'area'; area: string; score: number; failed: number })[] };
    score: number | null;
    workloads: { clusterId: string; clusterName: string; kind: string; namespace: string; name: string; score: number; failedDangers: number; failedWarnings: number }[];
  };
  oncall: { scheduleId: string; schedule: string; person: string | null; since: number | null; nextAt: number | null; nextPerson: string | null }[];
  incidents: {
    open: ServicePageIncident[];
    recent: ServicePageIncident[];
  };
  alerts: { id: string; alertname: string; status: string; priority: string | null; startsAt: When; flapping: boolean; incidentId: string | null }[];
  /** null: the reader may not read post-mortems. */
  postmortems: { id: string; incidentId: string; incidentNumber: number; title: string; stateLabel: string; overdue: boolean; publishedAt: When }[] | null;
  runbooks: { id: string; title: string; alertName: string | null; complete: boolean }[];
  /** No runbook is linked to the service's alerts: `runbooks` are its team's. */
  runbooksOfTeam: boolean;
};

export type ServicePageIncident = { id: string; number: number; title: string; severity: 'P1' | 'P2' | 'P3'; state: string; stateLabel: string; open: boolean; startedAt: number; resolvedAt: number | null };
