'use client';

import './domains.css';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CERT_ALERTS, describeDays } from '@/server/certificates/certificates.compute';
import { CERT_BAND_LABELS, type CertBand, type CertificateRow, type CertificatesPageDto } from '@/server/certificates/certificates.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { Select, TextInput } from '../ui/Field';
import { Table } from '../ui/Table';
import { TrendCard, type TrendDays } from './TrendCard';

// Certificates (docs/domains.md): the soonest expiry big, counts per band as
// filters, every certificate worst first with its workload, service and
// runbook, the trend, and the issuers.

type Band = 'all' | 'attention' | CertBand;

const tone = (r: Pick<CertificateRow, 'band'>) => (r.band === 'expired' || r.band === '7d' ? 'critical' : r.band === '14d' || r.band === '30d' ? 'warning' : '');

function workloadHref(r: Pick<CertificateRow, 'cluster' | 'namespace' | 'workload'>): string | null {
  return r.workload ? `/clusters/${encodeURIComponent(r.cluster)}/workloads/${encodeURIComponent(r.namespace)}/${r.workload.kind}/${encodeURIComponent(r.workload.name)}` : null;
}

function runbookFor(r: CertificateRow, runbooks: CertificatesPageDto['runbooks']) {
  const name = r.band === 'expired' ? CERT_ALERTS.expired : r.band === 'ok' && r.renewalFailing ? CERT_ALERTS.renewal : CERT_ALERTS.expiring;
  return runbooks[name] ?? runbooks[CERT_ALERTS.expiring] ?? null;
}

function Links({ r, runbooks }: { r: CertificateRow; runbooks: CertificatesPageDto['runbooks'] }) {
  const w = workloadHref(r);
  const rb = runbookFor(r, runbooks);
  return (
    <span className="domain-links">
      {w && <Link href={w}>Workload {r.workload!.name}</Link>}
      {r.service && <Link href={`/services/${encodeURIComponent(r.service.slug)}`}>Service {r.service.name}</Link>}
      {rb && <Link href={`/runbooks/${rb.id}`}>Runbook</Link>}
      {!w && !r.service && !rb && <span className="muted">—</span>}
    </span>
  );
}

function State({ r }: { r: CertificateRow }) {
  return (
    <span className="domain-links">
      {!r.managed ? <Badge tone="warning">Manual renewal</Badge> : r.renewalFailing ? <Badge tone="danger">Renewal failing</Badge> : r.ready === false ? <Badge tone="danger">Not ready</Badge> : <Badge tone="success">Ready</Badge>}
      {r.problem && <span className="muted break">{r.problem}</span>}
    </span>
  );
}

function Primary({ data }: { data: CertificatesPageDto }) {
  const r = data.soonest;
  if (!r) {
    return (
      <div className="domain-primary is-ok">
        <span className="muted">Next expiry</span>
        <span className="domain-primary-value">—</span>
        <span>{data.counts.total ? 'No certificate with a known expiry date.' : 'No certificates in the inventory yet: register a cluster that runs cert-manager.'}</span>
      </div>
    );
  }
  const t = tone(r) || 'ok';
  return (
    <div className={`domain-primary is-${t}`} aria-label="Next certificate to expire">
      <span className="muted">Next certificate to expire</span>
      <span className="domain-primary-value">{describeDays(r.daysLeft)}</span>
      <span className="domain-primary-what">
        {r.namespace}/{r.name} <span className="muted">on {r.cluster}</span>
      </span>
      <span className="muted break">{r.hosts.join(', ')}</span>
      <State r={r} />
      <Links r={r} runbooks={data.runbooks} />
    </div>
  );
}

const COUNT_TILES: { band: Band; label: string; key: keyof CertificatesPageDto['counts']; tone: string }[] = [
  { band: 'expired', label: 'Expired', key: 'expired', tone: 'critical' },
  { band: '7d', label: 'Within 7 days', key: '7d', tone: 'critical' },
  { band: '14d', label: 'Within 14 days', key: '14d', tone: 'warning' },
  { band: '30d', label: 'Within 30 days', key: '30d', tone: 'warning' },
  { band: 'attention', label: 'Renewal failing', key: 'renewalFailing', tone: 'critical' },
  { band: 'unknown', label: 'Not cert-manager', key: 'unmanaged', tone: 'warning' },
  { band: 'all', label: 'All certificates', key: 'total', tone: '' },
];

export function CertificatesView({ focus }: { focus?: string }) {
  const trpc = useTRPC();
  const [band, setBand] = useState<Band>('all');
  const [clusterId, setClusterId] = useState('');
  const [search, setSearch] = useState('');
  const [days, setDays] = useState<TrendDays>(30);
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const q = useQuery({
    ...trpc.certificates.page.queryOptions({ band, clusterId: clusterId || undefined, search: search || undefined, days, limit: 200 }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  if (q.error) return <Alert tone="danger" title="Certificates unavailable">{errorMessage(q.error)}</Alert>;
  const data = q.data;
  return (
    <>
      {data ? (
        <div className="domain-hero">
          <Primary data={data} />
          <div className="domain-counts" role="group" aria-label="Filter by expiry">
            {COUNT_TILES.map((c) => {
              const n = data.counts[c.key];
              return (
                <button key={c.label} type="button" className={`domain-count ${n > 0 ? `is-${c.tone}` : ''}`} aria-pressed={band === c.band} onClick={() => setBand(band === c.band ? 'all' : c.band)}>
                  <span className="domain-count-value">{n}</span>
                  <span className="muted">{c.label}</span>
                </button>
              );
            })}
          </div>
        </div>
      ) : (
        <p className="muted">Loading certificates…</p>
      )}

      <Card title="Certificates, worst first" flush>
        <div className="card-body domain-filters">
          <Select label="Cluster" value={clusterId} onChange={(e) => setClusterId(e.target.value)}>
            <option value="">All clusters</option>
            {(clusters.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
          <Select label="Expiry" value={band} onChange={(e) => setBand(e.target.value as Band)}>
            <option value="all">All</option>
            <option value="attention">Needs attention</option>
            {(Object.keys(CERT_BAND_LABELS) as CertBand[]).map((b) => (
              <option key={b} value={b}>
                {CERT_BAND_LABELS[b]}
              </option>
            ))}
          </Select>
          <TextInput label="Search" placeholder="name, host, namespace" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        {data && data.rows.length === 0 ? (
          <div className="card-body">
            <EmptyState title="No certificates match">Change the filters, or register a cluster that runs cert-manager.</EmptyState>
          </div>
        ) : (
          <Table caption="Certificates" columns={['Expires in', 'Certificate', 'State', 'Issuer', 'Links', 'Team']}>
            {(data?.rows ?? []).map((r) => (
              <tr key={r.id} className={focus === r.id ? 'is-focused' : undefined} data-cert={r.id}>
                <td>
                  <span className={`domain-days is-${tone(r)}`}>{describeDays(r.daysLeft)}</span>
                  {r.notAfter && <div className="muted nowrap">{r.notAfter.slice(0, 10)}</div>}
                </td>
                <td>
                  <strong className="break">
                    {r.namespace}/{r.name}
                  </strong>
                  <div className="muted break">
                    {r.hosts.join(', ')} · {r.cluster}
                  </div>
                </td>
                <td>
                  <State r={r} />
                </td>
                <td className="break">{r.issuer ?? <span className="muted">none</span>}</td>
                <td>
                  <Links r={r} runbooks={data!.runbooks} />
                </td>
                <td>{r.team ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </Table>
        )}
        {data && data.matching > data.rows.length && (
          <p className="card-body muted">
            Showing the worst {data.rows.length} of {data.matching}; filter to see the rest.
          </p>
        )}
      </Card>

      <div className="grid grid-wide">
        <TrendCard
          title="Expiring certificates over time"
          label="Certificates expiring over time"
          days={days}
          onDays={setDays}
          trend={data?.trend ?? []}
          series={[
            { key: 'within7', name: '≤ 7 days' },
            { key: 'within14', name: '≤ 14 days' },
            { key: 'within30', name: '≤ 30 days' },
            { key: 'renewalFailing', name: 'Renewal failing' },
          ]}
        />
        <Card title="Issuers" flush>
          {data && data.issuers.length === 0 ? (
            <p className="card-body muted">No Issuers or ClusterIssuers in the inventory.</p>
          ) : (
            <Table caption="Issuers" columns={['Issuer', 'Ready', 'Cluster']}>
              {(data?.issuers ?? []).map((i) => (
                <tr key={`${i.cluster}/${i.kind}/${i.name}`}>
                  <td className="break">
                    {i.kind}/{i.name}
                  </td>
                  <td>{i.ready === false ? <Badge tone="danger">Not ready</Badge> : i.ready ? <Badge tone="success">Ready</Badge> : <Badge>Unknown</Badge>}</td>
                  <td>{i.cluster}</td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
