import type { Command } from 'commander';
import { ZodError } from 'zod';
import { exitCodeFor } from '@/server/changes/changes.compute';
import { DECISION_LABELS, REQUIREMENT_LABELS, TIERS, type Decision, type Requirement } from '@/server/changes/changes.schema';
import { DomainError } from '@/server/errors';
import { CliError, EXIT, readStdin } from '../exit';
import { runClassify, type ClassifyOptions } from './change-classify';
import { systemContext } from '../system-context';

// `runwell change gate --service S [--service S2] --tier T1|T2|T3 [--at ISO]
// [--reliability] [--format human|json] [--url URL --token TOKEN]`: may this
// change ship now? The same decision as the UI and GET /api/v1/changes/gate,
// read from DATABASE_URL, or from a running Runwell with --url and --token.
// Exit 0 allow or needs_approval (a pull request's reviews enforce the
// approvals, which are listed), 1 hold or block, 2 bad input.

export type GateAnswer = {
  decision: Decision;
  tier: string;
  reasons: { code: string; message: string }[];
  requires: Requirement[];
  band: string;
  budgetRemaining: number | null;
  freeze: { name: string; untilLocal: string } | null;
  rollbackSla: string;
};

type Options = { service: string[]; tier: string; at?: string; reliability?: boolean; format: string; url?: string; token?: string };

export type ChangeIo = {
  out: (s: string) => void;
  /** The gate from the database (the default) or over HTTP. */
  local: (q: { services: string[]; tier: string; at?: string; reliability: boolean }) => Promise<GateAnswer>;
  fetch: typeof fetch;
};

const processIo: ChangeIo = {
  out: (s) => process.stdout.write(s),
  local: async (q) => {
    const { previewGate } = await import('@/server/changes/gate.service');
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    try {
      return await previewGate(systemContext('cli'), q);
    } finally {
      await disconnectDatabase();
    }
  },
  fetch: (...args) => fetch(...args),
};

export function humanGate(g: GateAnswer): string {
  const lines = [`${DECISION_LABELS[g.decision]} (${g.decision}): ${g.tier}, budget band ${g.band}${g.budgetRemaining === null ? '' : ` (${Math.round(g.budgetRemaining * 10) / 10} % left)`}`];
  for (const r of g.reasons) lines.push(`  - ${r.message}`);
  if (g.requires.length) lines.push(`  requires: ${g.requires.map((r) => REQUIREMENT_LABELS[r] ?? r).join(', ')}`);
  lines.push(`  rollback SLA: ${g.rollbackSla}`);
  return `${lines.join('\n')}\n`;
}

function checkOptions(o: Options): void {
  if (!o.service?.length) throw new CliError('--service: name at least one service (slug or id)', EXIT.usage);
  if (!(TIERS as readonly string[]).includes(o.tier)) throw new CliError(`--tier must be one of ${TIERS.join(', ')} (got "${o.tier}")`, EXIT.usage);
  if (o.at !== undefined && Number.isNaN(Date.parse(o.at))) throw new CliError(`--at must be an ISO-8601 time, e.g. 2026-12-05T15:00:00Z (got "${o.at}")`, EXIT.usage);
  if (!['human', 'json'].includes(o.format)) throw new CliError(`--format must be human or json (got "${o.format}")`, EXIT.usage);
  if (!!o.url !== !!o.token) throw new CliError('--url and --token go together (a token with the changes, check or read scope)', EXIT.usage);
}

async function remote(o: Options, io: ChangeIo): Promise<GateAnswer> {
  const params = new URLSearchParams();
  for (const s of o.service) params.append('service', s);
  params.set('tier', o.tier);
  if (o.at) params.set('at', o.at);
  if (o.reliability) params.set('reliability', 'true');
  let res: Response;
  try {
    res = await io.fetch(`${o.url!.replace(/\/+$/, '')}/api/v1/changes/gate?${params}`, { headers: { authorization: `Bearer ${o.token}`, accept: 'application/json' } });
  } catch (error) {
    throw new CliError(`cannot reach ${o.url}: ${(error as Error).message}`, EXIT.usage);
  }
  const body = (await res.json().catch(() => ({}))) as GateAnswer & { error?: string; issues?: { path: string; message: string }[] };
  if (!res.ok) {
    const issues = body.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new CliError(`${res.status} ${body.error ?? res.statusText}${issues ? `: ${issues}` : ''}`, res.status === 400 || res.status === 401 || res.status === 403 ? EXIT.usage : EXIT.failed);
  }
  return body;
}

export async function runGate(o: Options, io: ChangeIo): Promise<void> {
  checkOptions(o);
  let answer: GateAnswer;
  try {
    answer = o.url ? await remote(o, io) : await io.local({ services: o.service, tier: o.tier, at: o.at, reliability: !!o.reliability });
  } catch (error) {
    if (error instanceof ZodError) throw new CliError(error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), EXIT.usage);
    if (error instanceof DomainError) throw new CliError(error.message, error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed);
    throw error;
  }
  io.out(o.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : humanGate(answer));
  if (exitCodeFor(answer.decision) !== EXIT.ok) throw new CliError(`change gate: ${answer.decision}`, EXIT.failed);
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerChange(program: Command, io: ChangeIo = processIo): void {
  const change = program.command('change').description('Change management: ask the change gate from CI, classify a change');
  change
    .command('classify')
    .description('Which tier (T1-T3) is the change from manifests OLD to NEW? Files, directories or "-"; exit 0, 2 for unreadable input')
    .argument('<old>', 'manifests before the change')
    .argument('<new>', 'manifests after the change')
    .option('--rules <file>', 'organisation rules (YAML/JSON: addonNamespaces, cniNames, kinds)')
    .option('--format <format>', 'human or json', 'human')
    .action(async (before: string, after: string, opts: ClassifyOptions) =>
      runClassify(before, after, opts, { stdout: io.out, readStdin, now: () => new Date() }),
    );
  change
    .command('gate')
    .description('May a change to these services ship now? Exit 0 allow/needs_approval, 1 hold/block, 2 bad input')
    .option('--service <slug>', 'service slug or id (repeatable)', collect, [])
    .requiredOption('--tier <tier>', 'T1, T2 or T3')
    .option('--at <time>', 'when the change would ship (ISO-8601; default now)')
    .option('--reliability', 'reliability/security work (passes a feature freeze)', false)
    .option('--format <format>', 'human or json', 'human')
    .option('--url <url>', 'ask a running Runwell instead of DATABASE_URL')
    .option('--token <token>', 'API token for --url (scope changes, check or read)')
    .action(async (opts: Options) => runGate(opts, io));
}
