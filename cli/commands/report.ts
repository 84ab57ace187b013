import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { DomainError } from '@/server/errors';
import { parsePeriod, PERIOD_HINT } from '@/server/reports/period.compute';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// `runwell report maturity|executive [--period 2026-11|2026-Q4] [--team T]
// --format json|md|pdf [--out FILE] [--url URL --token TOKEN]`: the reports
// (docs/reports.md) from DATABASE_URL, or the PDFs and the executive JSON from
// a running Runwell (a token with the reports scope). Without --out, json and
// md go to stdout. Exit 0 written, 2 bad input (period, team, format), 1 failure.

type Kind = 'maturity' | 'executive';
type Format = 'json' | 'md' | 'pdf';
type Options = { period?: string; team?: string; format: string; out?: string; url?: string; token?: string };

export type ReportIo = {
  out: (s: string) => void;
  write: (file: string, data: Buffer | string) => void;
  local: (kind: Kind, format: Format, o: { period?: string; team?: string }) => Promise<Buffer | string>;
  fetch: typeof fetch;
};

const processIo: ReportIo = {
  out: (s) => process.stdout.write(s),
  write: (file, data) => writeFileSync(file, data),
  local: async (kind, format, o) => {
    const svc = await import('@/server/reports/pdf.service');
    const { executiveDocument } = await import('@/server/reports/pdf.compute');
    const { documentMarkdown } = await import('@/server/reports/markdown.compute');
    const { maturityMarkdown } = await import('@/server/reports/maturity-report.compute');
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    const ctx = systemContext('report');
    try {
      if (format === 'pdf') return (kind === 'executive' ? await svc.executivePdf(ctx, o) : await svc.maturityPdf(ctx, o)).pdf;
      if (kind === 'maturity') {
        const r = await svc.maturityReportFor(ctx, o);
        return format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : maturityMarkdown(r);
      }
      const r = await svc.executiveReportFor(ctx, o);
      return format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : documentMarkdown(executiveDocument(r));
    } finally {
      await disconnectDatabase();
    }
  },
  fetch: (...args) => fetch(...args),
};

function parse(kind: string, o: Options): { kind: Kind; format: Format } {
  if (kind !== 'maturity' && kind !== 'executive') throw new CliError(`the report is maturity or executive (got "${kind}")`, EXIT.usage);
  if (!['json', 'md', 'pdf'].includes(o.format)) throw new CliError(`--format must be json, md or pdf (got "${o.format}")`, EXIT.usage);
  if (o.period !== undefined && !parsePeriod(o.period)) throw new CliError(`--period ${PERIOD_HINT} (got "${o.period}")`, EXIT.usage);
  if (o.format === 'pdf' && !o.out) throw new CliError('--format pdf needs --out FILE', EXIT.usage);
  if (!!o.url !== !!o.token) throw new CliError('--url and --token go together (a token with the reports scope)', EXIT.usage);
  if (o.url && !(o.format === 'pdf' || (kind === 'executive' && o.format === 'json'))) throw new CliError('with --url, only the PDFs and the executive JSON are served; use DATABASE_URL for the rest', EXIT.usage);
  return { kind, format: o.format as Format };
}

async function remote(kind: Kind, format: Format, o: Options, io: ReportIo): Promise<Buffer | string> {
  const q = new URLSearchParams();
  if (o.period) q.set('period', o.period);
  if (o.team && format === 'pdf') q.set('team', o.team);
  const path = format === 'pdf' ? `/api/v1/reports/${kind}.pdf` : '/api/v1/reports/monthly';
  let res: Response;
  try {
    res = await io.fetch(`${o.url!.replace(/\/+$/, '')}${path}${q.size ? `?${q}` : ''}`, { headers: { authorization: `Bearer ${o.token}` } });
  } catch (error) {
    throw new CliError(`cannot reach ${o.url}: ${(error as Error).message}`, EXIT.usage);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; issues?: { path: string; message: string }[] };
    const issues = body.issues?.map((i) => `--${i.path}: ${i.message}`).join('; ');
    throw new CliError(`${res.status} ${issues || body.error || res.statusText}`, res.status >= 400 && res.status < 500 ? EXIT.usage : EXIT.failed);
  }
  return format === 'pdf' ? Buffer.from(await res.arrayBuffer()) : `${JSON.stringify(await res.json(), null, 2)}\n`;
}

export async function runReport(kindArg: string, o: Options, io: ReportIo): Promise<void> {
  const { kind, format } = parse(kindArg, o);
  let data: Buffer | string;
  try {
    data = o.url ? await remote(kind, format, o, io) : await io.local(kind, format, { period: o.period, team: o.team });
  } catch (error) {
    if (error instanceof ZodError) throw new CliError(error.issues.map((i) => `--${i.path.join('.') || 'input'}: ${i.message}`).join('; '), EXIT.usage);
    if (error instanceof DomainError) throw new CliError(`${error.field ? `--${error.field}: ` : ''}${error.message}`, error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed);
    throw error;
  }
  if (!o.out) return io.out(typeof data === 'string' ? data : data.toString('utf8'));
  io.write(o.out, data);
  io.out(`wrote ${o.out} (${format}, ${typeof data === 'string' ? Buffer.byteLength(data) : data.length} bytes)\n`);
}

export function registerReport(program: Command, io: ReportIo = processIo): void {
  program
    .command('report')
    .description('The maturity or executive report as JSON, Markdown or PDF. Exit 0 written, 2 bad input (period, team, format)')
    .argument('<report>', 'maturity or executive')
    .option('--period <period>', 'a month YYYY-MM or a quarter YYYY-Qn (default: the last full month)')
    .option('--team <team>', 'only this team (name or id)')
    .option('--format <format>', 'json, md or pdf', 'json')
    .option('--out <file>', 'write to this file (required for pdf; json and md go to stdout without it)')
    .option('--url <url>', 'read from a running Runwell instead of DATABASE_URL (PDFs and the executive JSON)')
    .option('--token <token>', 'API token for --url (scope reports)')
    .action(async (kind: string, opts: Options) => runReport(kind, opts, io));
}
