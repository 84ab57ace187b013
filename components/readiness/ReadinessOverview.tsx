'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button, ButtonLink } from '@/components/ui/Button';
import { Card, Metric } from '@/components/ui/Card';
import { EmptyState } from '@/components/ui/EmptyState';
import { Select } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { HiddenHeader, Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import type { ScorecardDto } from '@/server/readiness/readiness-api.schema';
import { AREA_LABELS, AREAS, type Area, CHECK_IDS, type CheckId, SEVERITIES, type Severity } from '@/server/readiness/readiness.schema';
import { ScoreBadge, workloadHref } from './ScoreBadge';
import { TrendChart } from './TrendChart';
import { When } from '@/components/format/When';
import { ServiceLink } from '@/components/catalog/ServiceLink';

export function ReadinessOverview({ canEvaluate }: { canEvaluate: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [clusterId, setClusterId] = useState('');
  const [checkId, setCheckId] = useState<CheckId | ''>('');
  const [area, setArea] = useState<Area | ''>('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [kyvernoAction, setKyvernoAction] = useState<'Audit' | 'Enforce'>('Audit');
  const [downloading, setDownloading] = useState(false);
  const filter = { clusterId: clusterId || undefined, checkId: checkId || undefined, area: area || undefined, severity: severity || undefined };
  const overview = useQuery({ ...trpc.readiness.overview.queryOptions(filter), placeholderData: (previous) => previous });
  const evaluate = useMutation(
    trpc.readiness.evaluate.mutationOptions({
      onSuccess: async (summary) => {
        toast.show(`Evaluated ${summary.workloads} objects in ${summary.durationMs} ms: score ${summary.score}`, 'success');
        await queryClient.invalidateQueries({ queryKey: trpc.readiness.pathKey() });
      },
      onError: (error) => toast.show(errorMessage(error), 'danger'),
    }),
  );
  const filtered = Boolean(filter.checkId || filter.area || filter.severity);

  async function downloadKyverno() {
    setDownloading(true);
    try {
      const yaml = await client.readiness.kyverno.query({ action: kyvernoAction });
      const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `runwell-readiness-kyverno-${kyvernoAction.toLowerCase()}.yaml`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toast.show(errorMessage(error), 'danger');
    } finally {
      setDownloading(false);
    }
  }

  const d = overview.data;
  return (
    <>
      <PageHeader
        title="Readiness"
        description="The production readiness checklist evaluated on every workload of every cluster: scores (2S / (2S + W + 2D)), launch gates per service and time-bound exemptions."
        actions={<ButtonLink href="/readiness/exemptions">Exemptions</ButtonLink>}
      />
      <div className="form-row" role="search" aria-label="Filter readiness">
        <Select label="Cluster" value={clusterId} onChange={(e) => setClusterId(e.target.value)}>
          <option value="">All clusters</option>
          {(d?.clusters ?? []).map((c) => (
            <option key={c.clusterId} value={c.clusterId}>
              {c.clusterName}
            </option>
          ))}
        </Select>
        <Select label="Check" value={checkId} onChange={(e) => setCheckId(e.target.value as CheckId | '')}>
          <option value="">Any check</option>
          {CHECK_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </Select>
        <Select label="Area" value={area} onChange={(e) => setArea(e.target.value as Area | '')}>
          <option value="">Any area</option>
          {AREAS.map((a) => (
            <option key={a} value={a}>
              {AREA_LABELS[a]}
            </option>
          ))}
        </Select>
        <Select label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      {filtered && <p className="muted">Showing only workloads failing the selected checks; scores are theirs.</p>}
      {overview.error && <Alert tone="danger" title="Readiness could not be loaded">{errorMessage(overview.error)}</Alert>}
      {overview.isLoading && <p className="muted">Loading readiness…</p>}
      {d && (
        <div className="stack">
          <Card title="Clusters" flush>
            {d.clusters.length === 0 ? (
              <p className="card-body muted">No cluster yet: add one under Clusters; its inventory is evaluated after each sync.</p>
            ) : (
              <Table
                caption="Cluster evaluations"
                columns={[
                  'Cluster',
                  'Score',
                  'Objects evaluated',
                  'Last sync',
                  'Last evaluation',
                  <HiddenHeader>Actions</HiddenHeader>,
                ]}
              >
                {d.clusters.map((c) => {
                  const card = d.byCluster.find((b) => b.key === c.clusterId);
                  return (
                    <tr key={c.clusterId}>
                      <th scope="row">{c.clusterName}</th>
                      <td>{card ? <ScoreBadge score={card.score} /> : '—'}</td>
                      <td>{c.workloads}</td>
                      <td className="nowrap"><When at={c.lastSyncedAt} empty="Never" /></td>
                      <td className="nowrap"><When at={c.evaluatedAt} empty="Never" /></td>
                      <td>
                        {canEvaluate && (
                          <Button size="sm" busy={evaluate.isPending && evaluate.variables?.clusterId === c.clusterId} onClick={() => evaluate.mutate({ clusterId: c.clusterId })}>
                            Evaluate now
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </Table>
            )}
          </Card>

          {d.total.workloads === 0 ? (
            <EmptyState title={filtered ? 'No workload fails these checks' : 'No readiness results yet'}>
              <p className="muted">Results appear once a cluster's inventory has synced and been evaluated (within a minute of each sync).</p>
            </EmptyState>
          ) : (
            <>
              <div className="grid">
                <Card>
                  <Metric value={<span data-testid="overall-score">{d.total.score}</span>} label="Overall score" />
                </Card>
                <Card>
                  <Metric value={d.total.workloads} label="Workloads" />
                </Card>
                <Card>
                  <Metric value={d.total.failedDangers} label="Failed danger checks" />
                </Card>
                <Card>
                  <Metric value={d.total.exempt} label="Exempted checks" />
                </Card>
              </div>
              <Card title="Trend">
                {d.trend.length ? <TrendChart points={d.trend} label="Overall score by day" /> : <p className="muted">Trends are kept for all checks (clear the check filters).</p>}
              </Card>
              <Card title="By area" flush>
                <Table caption="Score by area" columns={['Area', 'Score', 'Failed dangers', 'Failed warnings', 'Exempted', 'Gate']}>
                  {AREAS.map((a) => (
                    <tr key={a}>
                      <th scope="row">{AREA_LABELS[a]}</th>
                      <td>
                        <ScoreBadge score={d.byArea[a].score} />
                      </td>
                      <td>{d.byArea[a].failedDangers}</td>
                      <td>{d.byArea[a].failedWarnings}</td>
                      <td>{d.byArea[a].exempt}</td>
                      <td>{d.requiredAreas.includes(a) ? 'required' : <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </Table>
              </Card>
              <Card title="Worst offenders" flush>
                <Table caption="Worst offenders" columns={['Workload', 'Team', 'Score', 'Failed dangers', 'Failed warnings', 'Failing checks']}>
                  {d.offenders.map((o) => (
                    <tr key={`${o.clusterName}/${o.namespace}/${o.kind}/${o.name}`}>
                      <th scope="row">
                        <Link href={workloadHref(o)}>
                          {o.kind} {o.namespace}/{o.name}
                        </Link>
                        <br />
                        <span className="muted">{o.clusterName}</span>
                      </th>
                      <td>{o.teamLabel ?? <span className="muted">none</span>}</td>
                      <td>
                        <ScoreBadge score={o.score} />
                      </td>
                      <td>{o.failedDangers}</td>
                      <td>{o.failedWarnings}</td>
                      <td className="mono">{o.failingChecks.slice(0, 4).join(', ')}{o.failingChecks.length > 4 ? ` +${o.failingChecks.length - 4}` : ''}</td>
                    </tr>
                  ))}
                </Table>
              </Card>
              <div className="grid grid-wide">
                <ScorecardTable title="By team" cards={d.byTeam} />
                <ScorecardTable title="By cluster" cards={d.byCluster} />
                <ScorecardTable title="By namespace" cards={d.byNamespace} />
              </div>
            </>
          )}

          <Card title="Launch gates" flush>
            {d.gates.length === 0 ? (
              <p className="card-body muted">No services in the catalog. Workloads map to a service by the label runwell.io/service, app.kubernetes.io/part-of or app.kubernetes.io/name equal to its slug.</p>
            ) : (
              <Table caption="Launch gates per service" columns={['Service', 'Team', 'Gate', 'Score', 'Workloads', 'Why']}>
                {d.gates.map((g) => (
                  <tr key={g.serviceId}>
                    <th scope="row">
                      <ServiceLink id={g.serviceId} name={g.serviceName} />
                    </th>
                    <td>{g.teamName}</td>
                    <td>
                      <Badge tone={g.status === 'pass' ? 'success' : g.status === 'fail' ? 'danger' : 'neutral'}>{g.status === 'unknown' ? 'no workloads' : g.status}</Badge>
                    </td>
                    <td>{g.workloads ? <ScoreBadge score={g.score} /> : '—'}</td>
                    <td>{g.workloads}</td>
                    <td>
                      {g.reasons.slice(0, 3).map((r, i) => (
                        <div key={i}>{r.type === 'danger' ? `${r.checkId} fails on ${r.workload}` : `${AREA_LABELS[r.area]}: ${r.failed} failed check${r.failed === 1 ? '' : 's'}`}</div>
                      ))}
                      {g.reasons.length > 3 && <div className="muted">and {g.reasons.length - 3} more</div>}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>

          <Card title="Enforce at admission (Kyverno)">
            <p className="muted">ClusterPolicies for the checks Kyverno can express; start with Audit, switch to Enforce once the audit reports are clean.</p>
            <div className="form-row">
              <Select label="Failure action" value={kyvernoAction} onChange={(e) => setKyvernoAction(e.target.value as 'Audit' | 'Enforce')}>
                <option value="Audit">Audit</option>
                <option value="Enforce">Enforce</option>
              </Select>
              <Button onClick={() => void downloadKyverno()} busy={downloading}>
                Download Kyverno policies
              </Button>
            </div>
          </Card>
        </div>
      )}
    </>
  );
}

function ScorecardTable({ title, cards }: { title: string; cards: ScorecardDto[] }) {
  return (
    <Card title={title} flush>
      <Table caption={`Score ${title.toLowerCase()}`} columns={['Name', 'Score', { label: 'Workloads', className: 'num' }, { label: 'Dangers', className: 'num' }]}>
        {cards.map((c) => (
          <tr key={c.key}>
            <th scope="row" className="break">
              {c.label}
            </th>
            <td>
              <ScoreBadge score={c.score} />
            </td>
            <td className="num">{c.workloads}</td>
            <td className={`num${c.failedDangers ? ' text-danger' : ''}`}>{c.failedDangers}</td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}
