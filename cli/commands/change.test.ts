import { describe, expect, it } from 'vitest';
import { runGate, type ChangeIo, type GateAnswer } from './change';
import { exitOf } from '@/tests/cli/exit-code';

const answer = (decision: GateAnswer['decision']): GateAnswer => ({
  decision,
  tier: 'T2',
  reasons: [{ code: 'freeze_weekly', message: 'Weekend freeze: T2 changes are frozen until Mon 2026-01-19 09:00 Europe/Berlin' }],
  requires: ['team_lead'],
  band: 'normal',
  budgetRemaining: 80,
  freeze: null,
  rollbackSla: '< 15 min via GitOps revert',
});

function io(decision: GateAnswer['decision'], seen: unknown[] = []): ChangeIo & { printed: string[] } {
  const printed: string[] = [];
  return {
    printed,
    out: (s) => printed.push(s),
    local: async (q) => {
      seen.push(q);
      return answer(decision);
    },
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: (init.headers as Record<string, string>).authorization });
      return new Response(JSON.stringify(answer(decision)), { status: 200 });
    }) as unknown as typeof fetch,
  };
}

const base = { service: ['checkout'], tier: 'T2', format: 'human' };

describe('runwell change gate', () => {
  it.each([
    ['allow', 0],
    ['needs_approval', 0],
    ['hold', 1],
    ['block', 1],
  ] as const)('%s -> exit %i', async (decision, code) => {
    const x = io(decision);
    expect(await exitOf(runGate(base, x))).toBe(code);
    expect(x.printed.join('')).toContain('Team lead approval');
  });

  it.each<[Parameters<typeof runGate>[0], string]>([
    [{ ...base, service: [] }, 'no service'],
    [{ ...base, tier: 'T4' }, 'bad tier'],
    [{ ...base, at: 'friday' }, 'bad time'],
    [{ ...base, format: 'xml' }, 'bad format'],
    [{ ...base, url: 'http://runwell' }, '--url without --token'],
  ])('exit 2 for %j (%s)', async (opts, _why) => {
    expect(await exitOf(runGate(opts, io('allow')))).toBe(2);
  });

  it('asks a running Runwell with --url and --token, services repeated, and prints JSON', async () => {
    const seen: unknown[] = [];
    const x = io('allow', seen);
    await runGate({ ...base, service: ['checkout', 'payments'], format: 'json', url: 'https://runwell.example/', token: 'rw_x', reliability: true }, x);
    expect(seen[0]).toEqual({ url: 'https://runwell.example/api/v1/changes/gate?service=checkout&service=payments&tier=T2&reliability=true', auth: 'Bearer rw_x' });
    expect(JSON.parse(x.printed.join('')).decision).toBe('allow');
  });
});
