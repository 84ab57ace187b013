import type { SecurityOverviewDto } from '@/server/hardening/hardening.schema';
import { Badge, type Tone } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Table } from '../ui/Table';

// Falco's alert rate per cluster and rule, from the events Falcosidekick's
// Alertmanager output sends to Runwell's webhook (source="falco"), or from its
// Prometheus counter where a cluster's data source has it.

const tone = (priority: string): Tone => {
  const p = priority.toLowerCase();
  return ['emergency', 'alert', 'critical'].includes(p) ? 'danger' : ['error', 'warning'].includes(p) ? 'warning' : 'neutral';
};

export function FalcoRates({ f }: { f: SecurityOverviewDto['falco'] }) {
  return (
    <Card title="Falco alert rate" flush>
      {f.events7d === 0 ? (
        <p className="muted card-body">
          No Falco events in the last 7 days. Point Falcosidekick’s Alertmanager output at an Alertmanager that sends to Runwell’s webhook (events carry <code>source=&quot;falco&quot;</code>; add a <code>cluster</code> extra label to tell clusters apart), or let the cluster’s Prometheus scrape Falcosidekick (<code>falcosecurity_falcosidekick_falco_events_total</code>).
        </p>
      ) : (
        <>
          <p className="card-body security-np-line">
            <strong>{f.perHour}</strong> events per hour over the last {f.windowHours} h ({f.events24h} event{f.events24h === 1 ? '' : 's'}; {f.events7d} in 7 days)
            {f.byCluster.length > 0 && `: ${f.byCluster.map((c) => `${c.cluster || 'no cluster label'} ${c.perHour}/h`).join(' · ')}`}.
          </p>
          <Table caption="Falco rules by events in the last 24 hours" columns={['Rule', 'Cluster', 'Priority', 'Per hour', '24 h', '7 days', 'Last']}>
            {f.rules.map((r) => (
              <tr key={`${r.cluster}/${r.rule}/${r.priority}`}>
                <td className="security-wide-cell">{r.rule}</td>
                <td>
                  {r.cluster || <span className="muted">no cluster label</span>}
                  {r.source === 'prometheus' && <span className="muted"> · Prometheus</span>}
                </td>
                <td>
                  <Badge tone={tone(r.priority)}>{r.priority || 'unknown'}</Badge>
                </td>
                <td>{r.perHour}</td>
                <td>{r.events24h}</td>
                <td>{r.events7d}</td>
                <td className="nowrap">{r.lastAgoHours === null ? <span className="muted">—</span> : r.lastAgoHours < 1 ? 'within the hour' : `${r.lastAgoHours} h ago`}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Card>
  );
}
