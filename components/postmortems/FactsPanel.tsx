'use client';

import Link from 'next/link';
import type { Facts } from '@/server/postmortems/prefill.compute';
import { formatDateTime } from '../format/time';
import { formatDuration } from '../incidents/format';
import { Card, Metric } from '../ui/Card';

// What Runwell knows about the incident, always current (the sections were
// pre-filled from it when the draft began; this side panel does not change them).
export function FactsPanel({ facts, incidentId }: { facts: Facts; incidentId: string }) {
  return (
    <Card title="From the incident" aria-label="Facts from the incident">
      <div className="row" style={{ gap: '1.25rem' }}>
        <Metric label="MTTD" value={formatDuration(facts.durations.mttd)} />
        <Metric label="MTTA" value={formatDuration(facts.durations.mtta)} />
        <Metric label="MTTR" value={<span data-testid="pm-mttr">{formatDuration(facts.durations.mttr)}</span>} />
      </div>
      <dl className="pm-times">
        {facts.times.map((t) => (
          <div key={t.label} className="row" style={{ justifyContent: 'space-between' }}>
            <dt className="muted">{t.label}</dt>
            <dd className="nowrap" style={{ margin: 0 }}>
              {t.at ? formatDateTime(new Date(t.at)) : '—'}
            </dd>
          </div>
        ))}
      </dl>
      <h3>Error budget consumed</h3>
      {facts.budget.length === 0 ? (
        <p className="muted">No SLO with data covers the affected services.</p>
      ) : (
        <ul data-testid="pm-budget">
          {facts.budget.map((b) => (
            <li key={b.slo}>
              <strong>{b.slo}</strong>: {b.dataState === 'no-data' ? 'no data' : `${b.consumedPercent.toFixed(1)} % (${b.consumedMinutes.toFixed(1)} of ${b.totalMinutes.toFixed(1)} min), ${b.remainingPercentAfter.toFixed(1)} % left after`}
              {facts.exhaustedSlos.includes(b.slo) && <span className="text-danger"> — exhausted</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        {facts.alertCount} alert firing{facts.alertCount === 1 ? '' : 's'} in {facts.alerts.length} alert name{facts.alerts.length === 1 ? '' : 's'} · {facts.timeline.length} timeline entries in the document
        {facts.timelineOmitted ? ` (${facts.timelineOmitted} more on the incident page)` : ''}
      </p>
      {facts.changes.length > 0 && (
        <>
          <h3>Changes in the 24 h before</h3>
          <ul aria-label="Changes before the incident">
            {facts.changes.map((c) => (
              <li key={c.href}>
                <Link href={c.href}>{c.title}</Link> <span className="muted">{c.tier} · {c.status.replace('_', ' ')} · {formatDateTime(new Date(c.at))}</span>
                {c.cause && <strong>{c.cause === 'confirmed' ? ' · confirmed cause' : ' · suspected cause'}</strong>}
              </li>
            ))}
          </ul>
        </>
      )}
      {facts.runbooks.length > 0 && (
        <>
          <h3>Runbooks</h3>
          <ul>
            {facts.runbooks.map((r) => (
              <li key={r.href}>
                <Link href={r.href}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href={`/incidents/${incidentId}`}>Open the incident</Link>
      </p>
    </Card>
  );
}
