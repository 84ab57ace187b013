import { evaluateDomains } from '@/server/domains/evaluate.service';
import { defineJob } from '../job';

// Operations domains (docs/domains.md): every 5 minutes, compute the
// certificate, disaster recovery, security hardening (kube-bench) and toil
// signals, raise or resolve their alerts through the alert pipeline (each
// condition is one alert, however often this runs) and store today's figures
// for the trends. A failed run is simply redone by the next one.
export const DOMAINS_EVALUATE_JOB = 'domains.evaluate';

export const domainsEvaluate = defineJob({
  name: DOMAINS_EVALUATE_JOB,
  description: 'Operations domain signals (certificates, disaster recovery, kube-bench, toil): alerts and daily figures',
  schedule: '*/5 * * * *',
  scheduledPayload: {},
  retry: { limit: 0, delaySeconds: 0, backoff: false, expireInSeconds: 4 * 60 },
  exclusive: true,
  async run(_payload, ctx) {
    const r = await evaluateDomains(ctx.startedAt.getTime());
    const parts = r.results.map((x) => `${x.domain}: ${x.firing} firing, ${x.fresh} new, ${x.resolved} resolved, ${x.pagesOpened} paged (${r.ms[x.domain]} ms)`);
    if (parts.length) ctx.log(parts.join('; '));
    if (r.failed.length) throw new Error(r.failed.map((f) => `${f.domain}: ${f.error}`).join('; '));
  },
});
