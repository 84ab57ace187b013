import { describe, expect, it } from 'vitest';
import { logToilSchema, type TeamToilDto } from '@/server/toil/toil.schema';
import { runToilLog, type LogAnswer, type ToilIo } from './toil';
import { exitOf } from '@/tests/cli/exit-code';

const team = (percent: number, band: TeamToilDto['current']['band'], action: string | null, gate: TeamToilDto['gate']): TeamToilDto => ({
  teamId: 't1',
  teamSlug: 'payments',
  teamName: 'Payments',
  members: 2,
  settings: { sprintDays: 14, sprintAnchor: '2026-01-05', engineeringHours: null, pageMinutes: 15, blockFeatureWork: false, configured: false },
  current: { index: 23, start: '2026-11-23', end: '2026-12-06', loggedHours: 62, pagesHandled: 1, manualPages: 0, medianManualMinutes: null, pageHours: 0.25, toilHours: 62.25, engineeringHours: 120, percent, band, elapsedDays: 13, projectedPercent: percent },
  trend: [],
  action,
  gate,
});
const answer = (t: TeamToilDto): LogAnswer => ({ entry: { id: 'e1', teamId: 't1', teamName: 'Payments', day: '2026-12-05', hours: 6, what: 'manual cert rotation', source: 'cli', authorLabel: 'system:cli', createdAt: new Date(0) }, team: t });

function io(t: TeamToilDto, seen: unknown[] = []): ToilIo & { printed: string[] } {
  const printed: string[] = [];
  return {
    printed,
    out: (s) => printed.push(s),
    local: async (input) => {
      seen.push(input);
      return answer(t);
    },
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url, body: JSON.parse(String(init.body)), auth: (init.headers as Record<string, string>).authorization });
      return new Response(JSON.stringify(answer(t)), { status: 201 });
    }) as unknown as typeof fetch,
  };
}

const base = { team: 'payments', hours: '6', what: 'manual cert rotation', format: 'human' };

describe('runwell toil log', () => {
  it('logs locally and prints the seed action when the team is over 50 %', async () => {
    const seen: unknown[] = [];
    const x = io(team(51.9, 'over', 'Halt feature work and invest in automation', 'flag'), seen);
    expect(await exitOf(runToilLog(base, x))).toBe(0);
    expect(seen).toEqual([{ team: 'payments', hours: 6, what: 'manual cert rotation' }]);
    expect(x.printed.join('')).toMatch(/51.9 % of 120 engineering hours \[Over 50 %\]\n {2}Halt feature work[\s\S]*flagged/);
  });

  it('posts to a running Runwell with --url and --token', async () => {
    const seen: unknown[] = [];
    await runToilLog({ ...base, day: '2026-12-04', url: 'https://runwell.example/', token: 'rw_x' }, io(team(10, 'healthy', null, 'none'), seen));
    expect(seen).toEqual([{ url: 'https://runwell.example/api/v1/toil', body: { team: 'payments', hours: 6, what: 'manual cert rotation', day: '2026-12-04' }, auth: 'Bearer rw_x' }]);
  });

  it.each([
    [{ hours: 'two' }, /--hours must be a number/],
    [{ url: 'https://x' }, /--url and --token go together/],
    [{ format: 'xml' }, /--format/],
  ])('refuses %o with exit 2', async (over, message) => {
    const p = runToilLog({ ...base, ...over }, io(team(10, 'healthy', null, 'none')));
    await expect(p).rejects.toThrow(message);
    expect(await exitOf(runToilLog({ ...base, ...over }, io(team(10, 'healthy', null, 'none'))))).toBe(2);
  });

  it('names the option of a field error', async () => {
    const x = io(team(10, 'healthy', null, 'none'));
    x.local = async (input) => {
      logToilSchema.parse(input);
      return answer(team(10, 'healthy', null, 'none'));
    };
    await expect(runToilLog({ ...base, hours: '0.3' }, x)).rejects.toThrow('--hours: must be in quarter hours (0.25, 0.5, ...)');
  });
});
