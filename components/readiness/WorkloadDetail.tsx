'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '@/components/format/time';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button, ButtonLink } from '@/components/ui/Button';
import { Card, Metric } from '@/components/ui/Card';
import { PageHeader } from '@/components/ui/PageHeader';
import { Table } from '@/components/ui/Table';
import type { CheckDto, WorkloadRefInput } from '@/server/readiness/readiness-api.schema';
import { AREA_LABELS, AREAS } from '@/server/readiness/readiness.schema';
import { CodeBlock } from './CodeBlock';
import { ExemptionsTable, type Viewer } from './ExemptionsTable';
import { RequestExemptionDialog } from './RequestExemptionDialog';
import { ScoreBadge, SeverityBadge } from './ScoreBadge';
import { TrendChart } from './TrendChart';
import { ServiceLink } from '@/components/catalog/ServiceLink';
import { teamDisplayName } from '@/server/readiness/snapshot.compute';

export function WorkloadDetail({ reference, viewer }: { reference: WorkloadRefInput; viewer: Viewer }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.readiness.workload.queryOptions(reference));
  const [exempting, setExempting] = useState<string | null>(null);
  const title = `${reference.kind} ${reference.namespace}/${reference.name}`;

  if (detail.error) {
    return (
      <>
        <PageHeader title={title} actions={<ButtonLink href="/readiness">Back to readiness</ButtonLink>} />
        <Alert tone="danger" title="Readiness could not be loaded">{errorMessage(detail.error)}</Alert>
      </>
    );
  }
  const d = detail.data;
  if (!d) return <p className="muted">Loading readiness…</p>;
  const failing = d.checks.filter((c) => c.status === 'failed').sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'danger' ? -1 : 1));
  const exempt = d.checks.filter((c) => c.status === 'exempt');
  const passing = d.checks.filter((c) => c.status === 'passed');
  const target = { clusterId: d.clusterId, clusterName: d.clusterName, namespace: d.namespace, kind: d.kind, name: d.name };

  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            Cluster {d.clusterName} · team {teamDisplayName(d) ?? 'unknown'} · service{' '}
            {d.serviceId && d.serviceName ? <ServiceLink id={d.serviceId} name={d.serviceName} /> : (d.serviceKey ?? 'not in the catalog')} · evaluated {formatDateTime(d.evaluatedAt)}
          </>
        }
        actions={<ButtonLink href="/readiness">Back to readiness</ButtonLink>}
      />
      <div className="grid">
        <Card>
          <Metric value={<span data-testid="workload-score">{d.score}</span>} label="Readiness score" />
        </Card>
        <Card>
          <Metric value={d.counts.failedDangers} label="Failed danger checks" />
        </Card>
        <Card>
          <Metric value={d.counts.failedWarnings} label="Failed warnings" />
        </Card>
        <Card>
          <Metric value={d.counts.exempt} label="Exempted checks" />
        </Card>
      </div>

      <Card title="Failing checks">
        {failing.length === 0 ? (
          <p>Every applicable check passes or is exempted.</p>
        ) : (
          AREAS.filter((area) => failing.some((c) => c.area === area)).map((area) => (
            <section key={area} aria-label={AREA_LABELS[area]} className="stack">
              <h3>
                {AREA_LABELS[area]} <ScoreBadge score={d.byArea[area]?.score ?? 100} />
              </h3>
              {failing
                .filter((c) => c.area === area)
                .map((c) => (
                  <FailingCheck key={c.id} check={c} canRequest={viewer.canRequest} onExempt={() => setExempting(c.id)} />
                ))}
            </section>
          ))
        )}
      </Card>

      <Card title="Exempted checks" flush>
        {exempt.length === 0 ? <p className="card-body muted">None.</p> : <CheckTable caption="Exempted checks" checks={exempt} />}
      </Card>

      <Card title="Exemptions covering this workload" flush>
        <ExemptionsTable caption="Exemptions covering this workload" exemptions={d.exemptions} viewer={viewer} now={new Date()} />
      </Card>

      <Card title="Score history">
        <TrendChart points={d.history} label="Workload score by day" />
      </Card>

      <Card title={`Passing checks (${passing.length})`} flush>
        <CheckTable caption="Passing checks" checks={passing} />
      </Card>

      {exempting && <RequestExemptionDialog target={target} checkId={exempting} open onClose={() => setExempting(null)} />}
    </>
  );
}

function FailingCheck({ check, canRequest, onExempt }: { check: CheckDto; canRequest: boolean; onExempt: () => void }) {
  return (
    <article className="card" aria-label={check.id} style={{ padding: '0.75rem' }}>
      <div className="row" style={{ justifyContent: 'space-between', gap: '0.5rem', flexWrap: 'wrap' }}>
        <div>
          <strong>{check.title}</strong> <span className="mono muted">{check.id}</span> <SeverityBadge severity={check.severity} />
        </div>
        {canRequest && (
          <Button size="sm" onClick={onExempt}>
            Request exemption
          </Button>
        )}
      </div>
      <p>{check.message}</p>
      {check.fix && (
        <details>
          <summary>Show fix</summary>
          <CodeBlock code={check.fix} label={`Fix for ${check.id}`} />
        </details>
      )}
    </article>
  );
}

function CheckTable({ caption, checks }: { caption: string; checks: CheckDto[] }) {
  return (
    <Table caption={caption} columns={['Check', 'Area', 'Severity', 'Result']}>
      {checks.map((c) => (
        <tr key={c.id}>
          <td>
            {c.title} <span className="mono muted">{c.id}</span>
          </td>
          <td>{AREA_LABELS[c.area]}</td>
          <td>
            <SeverityBadge severity={c.severity} />
          </td>
          <td>{c.status === 'exempt' ? <Badge tone="info">exempt</Badge> : c.message}</td>
        </tr>
      ))}
    </Table>
  );
}
