import type { RequestContext } from '../lib/request-context';
import { emitDomainAlerts, type DomainEmitResult } from '../alerts/domain-alerts.service';
import { certificateSignals } from '../certificates/certificates.service';
import { drSignals } from '../dr/dr.service';
import { networkSignals } from '../network/network.service';
import { storageSignals } from '../storage/storage.service';
import { performanceSignals } from '../performance/performance.service';
import { securitySignals } from '../hardening/bench-signals.service';
import { toilSignals } from '../toil/toil-signals.service';
import { recordDomainDay } from './snapshot.service';

// The domains.evaluate job's work (docs/domains.md "Domain alerts"): compute
// each domain's signals from Postgres, bring its alerts in line through the
// alert pipeline, store today's figures for the trends. One domain failing
// does not stop the others.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'domains-evaluate' }, requestId: null };

type DomainSignals = () => Promise<{ alerts: Parameters<typeof emitDomainAlerts>[2]; snapshots: { scopeKey: string; values: Record<string, number> }[] }>;

/** Domain name (the alerts' `domain` label) -> its signals. Other domains add theirs here. */
const DOMAIN_SIGNALS: Record<string, (now: number) => ReturnType<DomainSignals>> = {
  certificates: (now) => certificateSignals(now),
  dr: (now) => drSignals(now),
  network: (now) => networkSignals(now),
  storage: (now) => storageSignals(now),
  performance: (now) => performanceSignals(now),
  security: (now) => securitySignals(now),
  toil: (now) => toilSignals(now),
};

export type EvaluateResult = { results: DomainEmitResult[]; failed: { domain: string; error: string }[]; ms: Record<string, number> };

export async function evaluateDomains(now = Date.now(), only?: readonly string[]): Promise<EvaluateResult> {
  const results: DomainEmitResult[] = [];
  const failed: { domain: string; error: string }[] = [];
  const ms: Record<string, number> = {};
  for (const [domain, signals] of Object.entries(DOMAIN_SIGNALS)) {
    if (only && !only.includes(domain)) continue;
    const t0 = performance.now();
    try {
      const s = await signals(now);
      results.push(await emitDomainAlerts(SYSTEM, domain, s.alerts, now));
      await recordDomainDay(domain, s.snapshots, now);
    } catch (error) {
      failed.push({ domain, error: String((error as Error)?.message ?? error).slice(0, 300) });
    }
    ms[domain] = Math.round(performance.now() - t0);
  }
  return { results, failed, ms };
}
