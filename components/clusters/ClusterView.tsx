'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { UrlTabs, useUrlTab, tabSlug } from '@/components/ui/Tabs';
import { formatAge, formatBytes, formatCount, formatCpu } from '@/components/format/resources';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Card, Metric } from '@/components/ui/Card';
import { EmptyState } from '@/components/ui/EmptyState';
import { Checkbox, Select, TextInput } from '@/components/ui/Field';
import { Table } from '@/components/ui/Table';
import { WORKLOAD_KINDS } from '@/server/inventory/inventory.schema';
import { CapacityTab } from './CapacityTab';
import { MaintenanceTab } from './MaintenanceTab';
import { Pager } from './Pager';
import { SyncBadge } from './SyncBadge';
import { When } from '@/components/format/When';

const TABS = ['Overview', 'Nodes', 'Namespaces', 'Workloads', 'Capacity', 'Maintenance'] as const;

function Overview({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.inventory.summary.queryOptions({ clusterId }), refetchInterval: 5000 });
  const sync = useQuery({ ...trpc.clusters.syncStatus.queryOptions({ id: clusterId }), refetchInterval: 3000 });
  return (
    <div className="stack">
      {summary.data && (
        <div className="grid">
          <Card>
            <Metric value={formatCount(summary.data.nodes)} label="Nodes" />
          </Card>
          <Card>
            <Metric value={formatCount(summary.data.pods)} label="Pods" />
          </Card>
          <Card>
            <Metric value={formatCount(summary.data.workloads)} label="Workloads" />
          </Card>
          <Card>
            <Metric value={formatCount(summary.data.namespaces)} label="Namespaces" />
          </Card>
          <Card>
            <Metric value={formatCount(summary.data.zones.length)} label={`Zones${summary.data.zones.length ? `: ${summary.data.zones.join(', ')}` : ''}`} />
          </Card>
        </div>
      )}
      <Card title="Sync status">
        {sync.error && <Alert tone="danger">{errorMessage(sync.error)}</Alert>}
        {sync.data && (
          <>
            <p>
              <SyncBadge state={sync.data.syncState} /> Data {formatAge(sync.data.dataAgeSeconds)}
              {sync.data.leaseHolder && <span className="muted"> · collected by {sync.data.leaseHolder}</span>}
            </p>
            {sync.data.lastError && <Alert tone="danger">{sync.data.lastError}</Alert>}
            <Table caption="Sync status per kind">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>State</th>
                  <th className="num">Objects</th>
                  <th>Initial sync</th>
                  <th>Last event</th>
                  <th className="num">Lag</th>
                  <th>Last error</th>
                </tr>
              </thead>
              <tbody>
                {sync.data.kinds.map((k) => (
                  <tr key={k.kind}>
                    <td>{k.kind}</td>
                    <td>
                      <SyncBadge state={k.state} />
                    </td>
                    <td className="num">{formatCount(k.objectCount)}</td>
                    <td>
                      {k.state === 'syncing' && k.progressPercent !== null ? (
                        <progress max={100} value={k.progressPercent} aria-label={`${k.kind} initial sync`}>
                          {k.progressPercent} %
                        </progress>
                      ) : k.state === 'syncing' ? (
                        `${formatCount(k.listedSoFar)} listed`
                      ) : (
                        'done'
                      )}
                    </td>
                    <td>{k.lastEventAt ? formatAge((Date.now() - new Date(k.lastEventAt).getTime()) / 1000).replace(' old', ' ago') : '—'}</td>
                    <td className="num">{k.lagMs === null ? '—' : `${(k.lagMs / 1000).toFixed(1)} s`}</td>
                    <td className="muted">{k.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Card>
    </div>
  );
}

function Nodes({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [zone, setZone] = useState('');
  const [status, setStatus] = useState<'' | 'ready' | 'not-ready' | 'cordoned'>('');
  const [page, setPage] = useState(1);
  const zones = useQuery(trpc.inventory.zones.queryOptions({ clusterId }));
  const nodes = useQuery({
    ...trpc.inventory.nodes.queryOptions({ clusterId, search: search || undefined, zone: zone || undefined, status: status || undefined, page }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  return (
    <div className="stack">
      <div className="form-row" role="search" aria-label="Filter nodes">
        <TextInput label="Search nodes" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} placeholder="name or kubelet version" />
        <Select label="Zone" value={zone} onChange={(e) => { setZone(e.target.value); setPage(1); }}>
          <option value="">All zones</option>
          {zones.data?.map((z) => <option key={z} value={z}>{z}</option>)}
        </Select>
        <Select label="Status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setPage(1); }}>
          <option value="">Any</option>
          <option value="ready">Ready</option>
          <option value="not-ready">Not ready</option>
          <option value="cordoned">Cordoned</option>
        </Select>
      </div>
      {nodes.data && nodes.data.total === 0 && <p className="muted">No nodes{search || zone || status ? ' match these filters' : ' collected yet'}.</p>}
      {nodes.data && nodes.data.total > 0 && (
        <>
          <Table caption="Nodes">
            <thead>
              <tr>
                <th>Node</th>
                <th>Zone</th>
                <th>Kubelet</th>
                <th>Conditions</th>
                <th>Age</th>
                <th className="num">CPU</th>
                <th className="num">Memory</th>
                <th className="num">Pods</th>
              </tr>
            </thead>
            <tbody>
              {nodes.data.rows.map((n) => (
                <tr key={n.name}>
                  <td className="mono">
                    {n.name}
                    {n.instanceType && <div className="muted">{n.instanceType}</div>}
                  </td>
                  <td>{n.zone ?? '—'}</td>
                  <td className="mono">{n.kubeletVersion ?? '—'}</td>
                  <td>
                    {n.ready ? <Badge tone="success">Ready</Badge> : null}
                    {n.unschedulable && <Badge tone="warning">Cordoned</Badge>}
                    {n.problems.map((p) => <Badge key={p} tone="danger">{p}</Badge>)}
                  </td>
                  <td>{n.createdAt ? `${Math.floor((Date.now() - new Date(n.createdAt).getTime()) / 86_400_000)} d` : '—'}</td>
                  <td className="num">{formatCpu(n.allocatable.cpu)}</td>
                  <td className="num">{formatBytes(n.allocatable.memory)}</td>
                  <td className="num">
                    {formatCount(n.pods)} / {formatCount(n.allocatable.pods)}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager page={nodes.data.page} pageSize={nodes.data.pageSize} total={nodes.data.total} onPage={setPage} label="nodes" />
        </>
      )}
    </div>
  );
}

function Namespaces({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const ns = useQuery({ ...trpc.inventory.namespaces.queryOptions({ clusterId, search: search || undefined, page }), placeholderData: keepPreviousData });
  return (
    <div className="stack">
      <div className="form-row" role="search" aria-label="Filter namespaces">
        <TextInput label="Search namespaces" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} placeholder="name or team" />
      </div>
      {ns.data && (
        <>
          <Table caption="Namespaces">
            <thead>
              <tr>
                <th>Namespace</th>
                <th>Team</th>
                <th>Phase</th>
                <th className="num">Workloads</th>
                <th className="num">Pods</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {ns.data.rows.map((n) => (
                <tr key={n.name}>
                  <td className="mono">{n.name}</td>
                  <td>{n.team ?? <span className="muted">no owner label</span>}</td>
                  <td>{n.phase ?? '—'}</td>
                  <td className="num">{formatCount(n.workloads)}</td>
                  <td className="num">{formatCount(n.pods)}</td>
                  <td className="nowrap"><When at={n.createdAt} /></td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager page={ns.data.page} pageSize={ns.data.pageSize} total={ns.data.total} onPage={setPage} label="namespaces" />
        </>
      )}
    </div>
  );
}

function Workloads({ clusterId, clusterName }: { clusterId: string; clusterName: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState('');
  const [team, setTeam] = useState('');
  const [unhealthy, setUnhealthy] = useState(false);
  const [page, setPage] = useState(1);
  const w = useQuery({
    ...trpc.inventory.workloads.queryOptions({
      clusterId,
      search: search || undefined,
      kind: (kind || undefined) as (typeof WORKLOAD_KINDS)[number] | undefined,
      team: team || undefined,
      unhealthy: unhealthy || undefined,
      page,
    }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="stack">
      <div className="form-row" role="search" aria-label="Filter workloads">
        <TextInput label="Search workloads" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} placeholder="name, namespace or image" />
        <Select label="Kind" value={kind} onChange={(e) => { setKind(e.target.value); setPage(1); }}>
          <option value="">All kinds</option>
          {WORKLOAD_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
        </Select>
        <TextInput label="Team" value={team} onChange={(e) => { setTeam(e.target.value); setPage(1); }} />
        <Checkbox label="Fewer ready than desired" checked={unhealthy} onChange={(e) => { setUnhealthy(e.target.checked); setPage(1); }} />
      </div>
      {w.data && (
        <>
          <Table caption="Workloads">
            <thead>
              <tr>
                <th>Workload</th>
                <th>Kind</th>
                <th>Team</th>
                <th className="num">Ready / desired</th>
                <th>Images</th>
              </tr>
            </thead>
            <tbody>
              {w.data.rows.map((r) => (
                <tr key={`${r.kind}/${r.namespace}/${r.name}`}>
                  <td>
                    <Link href={`/clusters/${encodeURIComponent(clusterName)}/workloads/${encodeURIComponent(r.namespace)}/${r.kind}/${encodeURIComponent(r.name)}`}>
                      {r.namespace}/{r.name}
                    </Link>
                  </td>
                  <td>{r.kind}</td>
                  <td>{r.team ?? <span className="muted">unowned</span>}</td>
                  <td className="num">
                    {r.desired === null ? '—' : (
                      <Badge tone={r.ready === r.desired ? 'success' : 'warning'}>
                        {r.ready} / {r.desired}
                      </Badge>
                    )}
                  </td>
                  <td className="mono">{r.images.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager page={w.data.page} pageSize={w.data.pageSize} total={w.data.total} onPage={setPage} label="workloads" />
        </>
      )}
    </div>
  );
}

export function ClusterView({ name }: { name: string }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ name }));
  const tab = useUrlTab(TABS);
  if (cluster.error) return <Alert tone="danger">{errorMessage(cluster.error)}</Alert>;
  if (!cluster.data) return <p className="muted">Loading cluster…</p>;
  const c = cluster.data;
  return (
    <div className="stack">
      <p className="muted">
        Kubernetes {c.serverGitVersion ?? 'version unknown'} · {c.connectionKind.replace('_', '-')} connection {c.apiUrl && <span className="mono">{c.apiUrl}</span>}
      </p>
      <UrlTabs tabs={TABS} current={tab} label="Cluster sections" />
      <div role="tabpanel" aria-labelledby={`tab-${tabSlug(tab)}`}>
        {tab === 'Overview' && <Overview clusterId={c.id} />}
        {tab === 'Nodes' && <Nodes clusterId={c.id} />}
        {tab === 'Namespaces' && <Namespaces clusterId={c.id} />}
        {tab === 'Workloads' && <Workloads clusterId={c.id} clusterName={c.name} />}
        {tab === 'Capacity' && <CapacityTab clusterId={c.id} />}
        {tab === 'Maintenance' && <MaintenanceTab clusterId={c.id} />}
      </div>
      {c.syncState === 'pending' && <EmptyState title="Waiting for the first sync">A worker picks the cluster up within a minute.</EmptyState>}
    </div>
  );
}
