import { describe, expect, it } from 'vitest';
import { systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { listJobRuns, recordJobFinish, recordJobStart } from '@/server/system/system.service';

// Job errors are shown to every reader on the System page, so credentials that
// a failing HTTP client or SDK put into its message are redacted when stored.
describe('job run errors', () => {
  it('are stored without credentials', async () => {
    const name = uniqueSlug('sec-job');
    const id = await recordJobStart({ name, workerId: 'w1', startedAt: new Date(), jobId: 'job-1', attempt: 0 });
    await recordJobFinish(id, {
      status: 'failed',
      finishedAt: new Date(),
      durationMs: 5,
      error: 'GET https://admin:hunter2@prom.internal/api/v1/query failed (Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload)',
    });
    const [run] = await listJobRuns(systemCtx, { name, limit: 1 });
    expect(run!.error).toBe('GET https://[redacted]@prom.internal/api/v1/query failed (Authorization: Bearer [redacted])');
  });
});
