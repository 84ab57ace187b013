'use client';

import './maturity.css';
import './report.css';
import './print.css';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { levelName } from '@/server/maturity/maturity.schema';
import { movement } from '@/server/reports/pdf.compute';
import { direction, type Delta, type MonthlyReport } from '@/server/reports/reports.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Select } from '../ui/Field';
import { BarsChart, LineTrend } from './ReportCharts';

// The executive report: a five-minute read of one month against the month
// before, with a print layout (print.css for the page, report.css for the report) so "Print / Save as PDF" gives a
// clean document.

const BAND = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low', 'no-data': 'No data' } as const;
const DORA_KEYS = [
  ['Deployment frequency', 'deploymentFrequency'],
  ['Lead time for changes', 'leadTime'],
  ['Change failure rate', 'changeFailure'],
  ['Time to restore', 'timeToRestore'],
] as const;

const fmt = (v: number | null, unit = '') => (v === null ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);

function Change({ d }: { d: Delta }) {
  const dir = direction(d);
  if (dir === 'unknown') return <span className="muted">no comparison</span>;
  if (dir === 'same') return <span className="muted">unchanged</span>;
  const arrow = d.change! > 0 ? '▲' : '▼';
  return (
    <span className={`report-change report-${dir}`}>
      {arrow} {fmt(Math.abs(d.change!), d.unit)} <span className="visually-hidden">({dir})</span>
    </span>
  );
}

function Figure({ label, value, sub, delta }: { label: string; value: string; sub?: string; delta?: Delta }) {
  return (
    <div className="report-figure">
      <div className="report-figure-label">{label}</div>
      <div className="report-figure-value">{value}</div>
      {sub && <div className="muted report-figure-sub">{sub}</div>}
      {delta && (
        <div className="report-figure-delta">
          <Change d={delta} />
          {/* "no comparison vs —" said nothing twice: the previous value only when there is one. */}
          {delta.previous !== null && <span className="muted"> vs {fmt(delta.previous, delta.unit)}</span>}
        </div>
      )}
    </div>
  );
}

function Report({ r }: { r: MonthlyReport }) {
  const d = (key: string) => r.deltas.find((x) => x.key === key)!;
  const c = r.current;
  const level = c.maturity.level ?? r.maturityNow.level;
  return (
    <article className="report" aria-label={`Reliability report ${r.period.label}`}>
      <header className="report-head">
        <h2>Reliability report: {r.period.label}</h2>
        <p className="muted">
          Compared with {r.previous.label}. Generated {new Date(r.generatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC by Runwell.
        </p>
      </header>

      <section className="report-section" aria-label="Headline numbers">
        <h3>Headline numbers</h3>
        <div className="report-figures">
          <Figure label="SLOs meeting target" value={fmt(c.slos.meetingPercent, ' %')} sub={`${c.slos.meeting} of ${c.slos.total} SLOs · ${c.slos.exhausted} out of budget`} delta={d('slosMeeting')} />
          <Figure label="Error budget spent" value={fmt(c.slos.budgetSpentPercent, ' %')} sub="mean over SLOs with data" delta={d('budgetSpent')} />
          <Figure label="Incidents" value={String(c.incidents.total)} sub={`P1 ${c.incidents.bySeverity.P1.count} · P2 ${c.incidents.bySeverity.P2.count} · P3 ${c.incidents.bySeverity.P3.count}`} delta={d('incidents')} />
          <Figure label="MTTR (median)" value={fmt(c.incidents.mttrMinutes, ' min')} sub={c.incidents.unresolved ? `${c.incidents.unresolved} still unresolved` : 'all resolved'} delta={d('mttr')} />
          <Figure label="Post-mortem completion" value={fmt(c.postmortems.completionPercent, ' %')} sub={`${c.postmortems.filed} of ${c.postmortems.due} due filed · action items ${fmt(c.postmortems.actionCompletionPercent, ' %')} done`} delta={d('postmortems')} />
          <Figure label="Readiness score" value={fmt(c.readiness.score)} sub={c.readiness.day ? `on ${c.readiness.day}` : 'no snapshot in the month'} delta={d('readiness')} />
          <Figure label="Maturity level" value={`L${level} ${levelName(level)}`} sub={c.maturity.level === null ? 'live (no snapshot in the month)' : 'organisation, end of month'} delta={d('maturity')} />
        </div>
      </section>

      <section className="report-section" aria-label="Top risks">
        <h3>Top risks</h3>
        {r.risks.length === 0 ? (
          <p>No risk stands out this month.</p>
        ) : (
          <ol className="report-risks">
            {r.risks.map((risk, i) => (
              <li key={i}>
                <Badge tone={risk.severity === 'high' ? 'danger' : 'warning'}>{risk.severity}</Badge> {risk.text} <Link href={risk.href}>Details</Link>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="report-section report-break" aria-label="Incidents by severity">
        <h3>Incidents by severity</h3>
        <div className="table-wrap">
        <table className="table report-table">
          <caption className="visually-hidden">Incidents and MTTR by severity, {r.period.label} and {r.previous.label}</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">{r.period.label}</th>
              <th scope="col">MTTR</th>
              <th scope="col">{r.previous.label}</th>
              <th scope="col">MTTR</th>
            </tr>
          </thead>
          <tbody>
            {(['P1', 'P2', 'P3'] as const).map((s) => (
              <tr key={s}>
                <th scope="row">{s}</th>
                <td>{c.incidents.bySeverity[s].count}</td>
                <td>{fmt(c.incidents.bySeverity[s].mttrMinutes, ' min')}</td>
                <td>{r.prior.incidents.bySeverity[s].count}</td>
                <td>{fmt(r.prior.incidents.bySeverity[s].mttrMinutes, ' min')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        <div className="report-charts">
          <BarsChart title={`Incidents by severity, ${r.period.label} against ${r.previous.label}`} legend={[r.period.label, r.previous.label]} series={[c, r.prior].map((h) => (['P1', 'P2', 'P3'] as const).map((s) => ({ label: s, value: h.incidents.bySeverity[s].count })))} />
          <LineTrend title={`MTTR trend (median minutes, last ${r.trends.mttr.length} ${r.period.kind}s)`} series={r.trends.mttr} unit=" min" />
        </div>
      </section>

      <section className="report-section report-break" aria-label="Delivery and readiness">
        <h3>Delivery (DORA) and readiness</h3>
        <div className="table-wrap">
          <table className="table report-table">
            <caption className="visually-hidden">DORA bands, {r.period.label} and {r.previous.label}</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">{r.period.label}</th>
                <th scope="col">{r.previous.label}</th>
              </tr>
            </thead>
            <tbody>
              {DORA_KEYS.map(([label, band]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{c.dora ? BAND[c.dora[band]] : '—'}</td>
                  <td>{r.prior.dora ? BAND[r.prior.dora[band]] : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="report-charts">
          <LineTrend title={`Readiness score by day, ${r.previous.label} and ${r.period.label}`} series={r.trends.readiness} />
        </div>
      </section>

      <section className="report-section" aria-label="Period over period">
        <h3>{r.period.kind === 'quarter' ? 'Quarter over quarter' : 'Month over month'}</h3>
        <div className="table-wrap">
        <table className="table report-table">
          <caption className="visually-hidden">Each figure against the previous month</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">{r.period.label}</th>
              <th scope="col">{r.previous.label}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {r.deltas.map((x) => (
              <tr key={x.key}>
                <th scope="row">{x.label}</th>
                <td>{fmt(x.current, x.unit)}</td>
                <td>{fmt(x.previous, x.unit)}</td>
                <td>
                  <Change d={x} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>

      <section className="report-section" aria-label="Teams">
        <h3>Teams</h3>
        <div className="table-wrap">
        <table className="table report-table">
          <caption className="visually-hidden">SLOs and maturity per team</caption>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">SLOs meeting target</th>
              <th scope="col">Out of budget</th>
              <th scope="col">Budget spent</th>
              <th scope="col">Maturity (end of {r.period.kind})</th>
              <th scope="col">Movement</th>
              <th scope="col">Maturity now</th>
            </tr>
          </thead>
          <tbody>
            {r.teams.map((t) => {
              const now = r.maturityNow.teams.find((x) => x.team === t.team)?.level ?? null;
              return (
                <tr key={t.teamId}>
                  <th scope="row">{t.team}</th>
                  <td>{t.slos ? `${t.meeting} of ${t.slos}` : 'no SLO'}</td>
                  <td>{t.exhausted}</td>
                  <td>{fmt(t.budgetSpentPercent, ' %')}</td>
                  <td>{t.level === null ? '—' : `L${t.level} ${levelName(t.level)}`}</td>
                  <td>{movement(t.level, t.previousLevel)}</td>
                  <td>{now === null ? '—' : `L${now} ${levelName(now)}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
        <p className="no-print">
          <Link href="/maturity">Maturity evidence per team →</Link>
        </p>
      </section>

      <footer className="report-notes muted">
        {r.notes.map((n) => (
          <p key={n}>{n}</p>
        ))}
      </footer>
    </article>
  );
}

export function ReportView({ period, periods }: { period: string; periods: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const query = useQuery(trpc.reports.monthly.queryOptions({ period }));
  return (
    <>
      <div className="report-controls no-print" role="search" aria-label="Choose the period">
        <Select label="Period" value={period} onChange={(e) => router.push(`/reports?period=${e.target.value}`)}>
          {periods.map((m) => (
            <option key={m} value={m}>
              {m.includes('Q') ? `${m} (quarter)` : m}
            </option>
          ))}
        </Select>
        <a className="btn btn-primary" href={`/api/v1/reports/executive.pdf?period=${period}`} download={`runwell-executive-${period}.pdf`}>
          Download PDF
        </a>
        <Button variant="ghost" onClick={() => window.print()}>
          Print
        </Button>
        <a className="btn btn-ghost" href={`/api/v1/reports/monthly?period=${period}`}>
          JSON
        </a>
      </div>
      {query.isPending && <p className="muted">Compiling the report…</p>}
      {query.isError && <Alert tone="danger">{errorMessage(query.error)}</Alert>}
      {query.data && <Report r={query.data} />}
    </>
  );
}
