import { describe, expect, it, vi } from 'vitest';
import { sendJob } from './send';

describe('sendJob', () => {
  it('refuses a payload that does not match the catalog schema before touching the queue', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // A caller that got past the types (e.g. through `any`) is still refused.
    const sent = await sendJob('slo.backfill', { sloId: '' } as never);
    expect(sent).toBe(false);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/not sending slo.backfill: payload does not match its schema \(sloId: /);
    stderr.mockRestore();
  });
});
