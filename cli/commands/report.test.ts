import { describe, expect, it } from 'vitest';
import { DomainError } from '@/server/errors';
import { runReport, type ReportIo } from './report';
import { exitOf } from '@/tests/cli/exit-code';

type Seen = { local: unknown[]; fetched: string[]; written: [string, number][] };

function io(seen: Seen, fail?: Error): ReportIo & { printed: string[] } {
  const printed: string[] = [];
  return {
    printed,
    out: (s) => printed.push(s),
    write: (file, data) => seen.written.push([file, typeof data === 'string' ? data.length : data.length]),
    local: async (kind, format, o) => {
      seen.local.push({ kind, format, ...o });
      if (fail) throw fail;
      return format === 'pdf' ? Buffer.from('%PDF-1.3 x') : `{"period":"2026-11"}\n`;
    },
    fetch: (async (url: string) => {
      seen.fetched.push(url);
      return url.includes('Q9') ? new Response(JSON.stringify({ error: 'Invalid request' }), { status: 400 }) : new Response(Buffer.from('%PDF-1.3 remote'), { status: 200 });
    }) as unknown as typeof fetch,
  };
}


const fresh = (): Seen => ({ local: [], fetched: [], written: [] });

describe('runwell report', () => {
  it.each([
    { name: 'unknown report', kind: 'weekly', o: { format: 'json' }, message: /maturity or executive/ },
    { name: 'bad period', kind: 'executive', o: { format: 'json', period: '2026-13' }, message: /--period must be a month YYYY-MM/ },
    { name: 'bad quarter', kind: 'maturity', o: { format: 'json', period: '2026-Q5' }, message: /quarter YYYY-Qn/ },
    { name: 'bad format', kind: 'maturity', o: { format: 'html' }, message: /json, md or pdf/ },
    { name: 'pdf without --out', kind: 'executive', o: { format: 'pdf' }, message: /needs --out/ },
    { name: 'url without token', kind: 'executive', o: { format: 'pdf', out: 'x.pdf', url: 'http://r' }, message: /go together/ },
    { name: 'maturity md over url', kind: 'maturity', o: { format: 'md', url: 'http://r', token: 't' }, message: /DATABASE_URL/ },
  ])('exit 2: $name', async ({ kind, o, message }) => {
    const seen = fresh();
    const p = runReport(kind, o, io(seen));
    await expect(p).rejects.toThrow(message);
    expect(await exitOf(runReport(kind, o, io(seen)))).toBe(2);
    expect(seen.local).toEqual([]);
  });

  it('exit 2 on an unknown team, naming the option', async () => {
    const seen = fresh();
    const err = new DomainError('BAD_INPUT', 'unknown team "nope"; teams: Payments', 'team');
    await expect(runReport('maturity', { format: 'json', team: 'nope' }, io(seen, err))).rejects.toThrow('--team: unknown team "nope"; teams: Payments');
    expect(await exitOf(runReport('maturity', { format: 'json', team: 'nope' }, io(seen, err)))).toBe(2);
  });

  it('json to stdout without --out; pdf to the file', async () => {
    const seen = fresh();
    const a = io(seen);
    await runReport('maturity', { format: 'json', period: '2026-Q4', team: 'payments' }, a);
    expect(a.printed.join('')).toBe('{"period":"2026-11"}\n');
    await runReport('executive', { format: 'pdf', out: 'r.pdf' }, a);
    expect(seen.local).toEqual([{ kind: 'maturity', format: 'json', period: '2026-Q4', team: 'payments' }, { kind: 'executive', format: 'pdf', period: undefined, team: undefined }]);
    expect(seen.written).toEqual([['r.pdf', 10]]);
    expect(a.printed.at(-1)).toBe('wrote r.pdf (pdf, 10 bytes)\n');
  });

  it('reads the PDF from a running Runwell with a token', async () => {
    const seen = fresh();
    await runReport('maturity', { format: 'pdf', out: 'm.pdf', url: 'http://runwell:3000/', token: 'rw_x', period: '2026-Q4', team: 'payments' }, io(seen));
    expect(seen.fetched).toEqual(['http://runwell:3000/api/v1/reports/maturity.pdf?period=2026-Q4&team=payments']);
    expect(seen.written).toEqual([['m.pdf', 15]]);
    expect(seen.local).toEqual([]);
  });
});
