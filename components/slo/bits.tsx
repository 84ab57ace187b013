'use client';

import { Badge, type Tone } from '@/components/ui/Badge';
import type { BandOrNoData } from '@/server/lib/policy-bands';

// Small presentational pieces shared by the SLO pages.


export const BAND_LABELS: Record<BandOrNoData, string> = {
  normal: 'Normal',
  caution: 'Caution',
  restricted: 'Restricted',
  freeze: 'Feature freeze',
  exhausted: 'Exhausted',
  'no-data': 'No data yet',
};

const BAND_TONES: Record<BandOrNoData, Tone> = {
  normal: 'success',
  caution: 'info',
  restricted: 'warning',
  freeze: 'danger',
  exhausted: 'danger',
  'no-data': 'neutral',
};

export function BandBadge({ band }: { band: BandOrNoData }) {
  return <Badge tone={BAND_TONES[band]}>{BAND_LABELS[band]}</Badge>;
}

export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toFixed(digits)} %`;
}

export function formatSli(sli: number | null): string {
  return sli === null ? '—' : `${(sli * 100).toFixed(3)} %`;
}

export function formatBurn(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(2)}×`;
}

export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const m = Math.abs(minutes);
  if (m >= 120) return `${sign}${(m / 60).toFixed(1)} h`;
  return `${sign}${m.toFixed(1)} min`;
}

/** Remaining budget as a bar (meter semantics for screen readers). */
export function BudgetBar({ percent, noData }: { percent: number; noData?: boolean }) {
  const clamped = Math.max(0, Math.min(100, percent));
  const color = noData ? 'var(--muted, #888)' : percent > 50 ? 'var(--success, #15803d)' : percent > 25 ? 'var(--info, #2563eb)' : percent > 10 ? 'var(--warning, #b45309)' : 'var(--danger, #b91c1c)';
  return (
    <div className="row" style={{ gap: 8, alignItems: 'center', flexWrap: 'nowrap' }}>
      <div
        role="meter"
        aria-label="Error budget remaining"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped)}
        aria-valuetext={noData ? 'no data yet' : `${percent.toFixed(1)} % remaining`}
        style={{ width: 120, height: 10, borderRadius: 5, background: 'var(--border, #ddd)', overflow: 'hidden' }}
      >
        <div style={{ width: `${noData ? 100 : clamped}%`, height: '100%', background: color, opacity: noData ? 0.3 : 1 }} />
      </div>
      <span className="nowrap">{noData ? 'no data' : `${percent.toFixed(1)} %`}</span>
    </div>
  );
}

/** Backfill progress with a native progress bar. */
export function BackfillProgress({ status, percent, lastError }: { status: string; percent: number; lastError: string | null }) {
  if (status === 'ok' && !lastError) return null;
  return (
    <div className="row" style={{ gap: 8, alignItems: 'center' }}>
      {status === 'backfilling' && (
        <>
          <progress max={100} value={percent} aria-label="Backfill progress" />
          <span className="muted nowrap">Backfilling {percent} %</span>
        </>
      )}
      {status === 'idle' && <span className="muted">Backfill queued</span>}
      {lastError && <span className="muted" title={lastError}>Sampler error: {lastError.slice(0, 120)}</span>}
    </div>
  );
}

/** Let the browser save text as a file. */
export function downloadText(fileName: string, text: string, type = 'application/yaml') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
