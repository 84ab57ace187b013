import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { DomainError } from '@/server/errors';
import type { KubeBenchImportDto } from '@/server/hardening/hardening.schema';
import { fromZodIssues } from '@/server/lib/issues';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// `runwell security import kube-bench FILE --cluster C --node N [--run-at ISO]
// [--url URL --token TOKEN]`: upload one kube-bench run (its `--json` output)
// into DATABASE_URL or a running Runwell (a token with the security scope).
// Exit 0 stored, 1 stored but the node's score dropped 5 points or more,
// 2 bad input (a malformed file lists every field that was wrong).

type Options = { cluster: string; node: string; runAt?: string; format: string; url?: string; token?: string };
type Target = { cluster: string; node: string; runAt?: string };

export type SecurityIo = {
  out: (s: string) => void;
  read: (file: string) => Promise<string>;
  local: (target: Target, results: unknown) => Promise<KubeBenchImportDto>;
  fetch: typeof fetch;
};

const processIo: SecurityIo = {
  out: (s) => process.stdout.write(s),
  read: (file) => readFile(file, 'utf8'),
  local: async (target, results) => {
    const { importKubeBench } = await import('@/server/hardening/hardening.service');
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    try {
      return await importKubeBench(systemContext('cli'), target, results, 'cli');
    } finally {
      await disconnectDatabase();
    }
  },
  fetch: (...args) => fetch(...args),
};

export function humanImport(r: KubeBenchImportDto): string {
  const lines = [`kube-bench ${r.cluster}/${r.node}: score ${r.score ?? 'n/a'}${r.previousScore !== null ? ` (was ${r.previousScore})` : ''}; ${r.pass} pass, ${r.fail} fail, ${r.warn} warn`];
  for (const f of r.failing) lines.push(`  FAIL ${f.id} ${f.text}`);
  if (r.dropped) lines.push(`  the score dropped ${Math.round(((r.previousScore ?? 0) - (r.score ?? 0)) * 10) / 10} points since the node's previous run`);
  return `${lines.join('\n')}\n`;
}

async function remote(o: Options, target: Target, body: string, io: SecurityIo): Promise<KubeBenchImportDto> {
  const params = new URLSearchParams({ cluster: target.cluster, node: target.node, ...(target.runAt ? { runAt: target.runAt } : {}) });
  let res: Response;
  try {
    res = await io.fetch(`${o.url!.replace(/\/+$/, '')}/api/v1/security/kube-bench?${params}`, { method: 'POST', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json' }, body });
  } catch (error) {
    throw new CliError(`cannot reach ${o.url}: ${(error as Error).message}`, EXIT.usage);
  }
  const answer = (await res.json().catch(() => ({}))) as KubeBenchImportDto & { error?: string; issues?: { path: string; message: string }[] };
  if (!res.ok) {
    const issues = answer.issues?.map((i) => `  ${i.path}: ${i.message}`).join('\n');
    throw new CliError(`${res.status} ${answer.error ?? res.statusText}${issues ? `\n${issues}` : ''}`, res.status >= 400 && res.status < 500 ? EXIT.usage : EXIT.failed);
  }
  return answer;
}

export async function runKubeBenchImport(file: string, o: Options, io: SecurityIo): Promise<void> {
  if (!['human', 'json'].includes(o.format)) throw new CliError(`--format must be human or json (got "${o.format}")`, EXIT.usage);
  if (!!o.url !== !!o.token) throw new CliError('--url and --token go together (a token with the security scope)', EXIT.usage);
  let text: string;
  try {
    text = await io.read(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  let results: unknown;
  try {
    results = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON (${(error as Error).message}); run kube-bench with --json`, EXIT.usage);
  }
  const target: Target = { cluster: o.cluster, node: o.node, ...(o.runAt ? { runAt: o.runAt } : {}) };
  let answer: KubeBenchImportDto;
  try {
    answer = o.url ? await remote(o, target, text, io) : await io.local(target, results);
  } catch (error) {
    if (error instanceof ZodError) throw new CliError(`${file} is not valid kube-bench output:\n${fromZodIssues(error.issues).map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, EXIT.usage);
    if (error instanceof DomainError) throw new CliError(`${error.field ? `--${error.field}: ` : ''}${error.message}`, error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed);
    throw error;
  }
  io.out(o.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : humanImport(answer));
  if (answer.dropped) throw new CliError(`kube-bench score of ${answer.cluster}/${answer.node} dropped`, EXIT.failed);
}

export function registerSecurity(program: Command, io: SecurityIo = processIo): void {
  const security = program.command('security').description('Security hardening: import scan results');
  const imp = security.command('import').description('Import results of a security scanner');
  imp
    .command('kube-bench <file>')
    .description('Upload one kube-bench run (kube-bench run --json) for a cluster node. Exit 0 stored, 1 the score dropped, 2 bad input')
    .requiredOption('--cluster <name>', 'cluster name or id')
    .requiredOption('--node <name>', 'the node kube-bench ran on')
    .option('--run-at <time>', 'when kube-bench ran (ISO-8601; default now)')
    .option('--format <format>', 'human or json', 'human')
    .option('--url <url>', 'upload to a running Runwell instead of DATABASE_URL')
    .option('--token <token>', 'API token for --url (scope security)')
    .action(async (file: string, opts: Options) => runKubeBenchImport(file, opts, io));
}
