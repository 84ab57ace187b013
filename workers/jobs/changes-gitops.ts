import { syncGitopsLedger } from '@/server/changes/gitops.service';
import { defineJob } from '../job';

// The change ledger's GitOps feed (docs/changes.md, "From GitOps"): every
// minute, each Argo CD / Flux sync the collectors have seen that is not in the
// ledger yet becomes an entry. Idempotent by externalId, so a missed or
// repeated run loses and duplicates nothing.
export const CHANGES_GITOPS_JOB = 'changes.gitops';

export const changesGitops = defineJob({
  name: CHANGES_GITOPS_JOB,
  description: 'Records Argo CD and Flux syncs from the inventory in the change ledger',
  schedule: '* * * * *',
  scheduledPayload: {},
  retry: { limit: 0, delaySeconds: 0, backoff: false, expireInSeconds: 5 * 60 },
  exclusive: true,
  async run(_payload, ctx) {
    const r = await syncGitopsLedger(ctx.startedAt.getTime());
    if (r.created || r.updated) ctx.log(`syncs seen ${r.seen}, recorded ${r.created}, status changed ${r.updated}`);
  },
});
