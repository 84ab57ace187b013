import type { Command } from 'commander';
import { ZodError } from 'zod';
import { DomainError } from '@/server/errors';
import { TOIL_BAND_LABELS, type TeamToilDto, type ToilEntryDto } from '@/server/toil/toil.schema';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// `runwell toil log --team T --hours H --what TEXT [--day YYYY-MM-DD]
// [--url URL --token TOKEN]`: log toil for a team, into DATABASE_URL or a
// running Runwell (a token with the toil scope). Prints where the team's
// sprint stands, with the seed's action when it is over 50 %. Exit 0 logged,
// 2 bad input.

export type LogAnswer = { entry: ToilEntryDto; team: TeamToilDto };
type Options = { team: string; hours: string; what: string; day?: string; format: string; url?: string; token?: string };
type Input = { team: string; hours: number; what: string; day?: string };

export type ToilIo = {
  out: (s: string) => void;
  local: (input: Input) => Promise<LogAnswer>;
  fetch: typeof fetch;
};

const processIo: ToilIo = {
  out: (s) => process.stdout.write(s),
  local: async (input) => {
    const { logToil } = await import('@/server/toil/toil.service');
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    try {
      return await logToil(systemContext('cli'), input, 'cli');
    } finally {
      await disconnectDatabase();
    }
  },
  fetch: (...args) => fetch(...args),
};

export function humanLog(a: LogAnswer): string {
  const c = a.team.current;
  const pct = c.percent === null ? 'no engineering hours set' : `${c.percent} % of ${c.engineeringHours} engineering hours`;
  const lines = [
    `Logged ${a.entry.hours} h for ${a.entry.teamName} on ${a.entry.day}: ${a.entry.what}`,
    `${a.team.teamName}, sprint ${c.start} .. ${c.end}: ${c.toilHours} h toil (${c.loggedHours} h logged, ${c.pageHours} h from ${c.pagesHandled} pages) = ${pct} [${TOIL_BAND_LABELS[c.band]}]`,
  ];
  if (a.team.action) lines.push(`  ${a.team.action}`);
  if (a.team.gate !== 'none') lines.push(`  change gate: feature changes of ${a.team.teamName} are ${a.team.gate === 'block' ? 'blocked (the team opted in)' : 'flagged'}`);
  return `${lines.join('\n')}\n`;
}

function parse(o: Options): Input {
  const hours = Number(o.hours);
  if (!o.hours || !Number.isFinite(hours)) throw new CliError(`--hours must be a number of hours, e.g. 1.5 (got "${o.hours}")`, EXIT.usage);
  if (!['human', 'json'].includes(o.format)) throw new CliError(`--format must be human or json (got "${o.format}")`, EXIT.usage);
  if (!!o.url !== !!o.token) throw new CliError('--url and --token go together (a token with the toil scope)', EXIT.usage);
  return { team: o.team, hours, what: o.what, ...(o.day ? { day: o.day } : {}) };
}

async function remote(o: Options, input: Input, io: ToilIo): Promise<LogAnswer> {
  let res: Response;
  try {
    res = await io.fetch(`${o.url!.replace(/\/+$/, '')}/api/v1/toil`, { method: 'POST', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(input) });
  } catch (error) {
    throw new CliError(`cannot reach ${o.url}: ${(error as Error).message}`, EXIT.usage);
  }
  const body = (await res.json().catch(() => ({}))) as LogAnswer & { error?: string; issues?: { path: string; message: string }[] };
  if (!res.ok) {
    const issues = body.issues?.map((i) => `--${i.path}: ${i.message}`).join('; ');
    throw new CliError(`${res.status} ${issues || body.error || res.statusText}`, res.status >= 400 && res.status < 500 ? EXIT.usage : EXIT.failed);
  }
  return body;
}

export async function runToilLog(o: Options, io: ToilIo): Promise<void> {
  const input = parse(o);
  let answer: LogAnswer;
  try {
    answer = o.url ? await remote(o, input, io) : await io.local(input);
  } catch (error) {
    // Field errors name the option: "--hours: must be in quarter hours".
    if (error instanceof ZodError) throw new CliError(error.issues.map((i) => `--${i.path.join('.') || 'input'}: ${i.message}`).join('; '), EXIT.usage);
    if (error instanceof DomainError) throw new CliError(`${error.field ? `--${error.field}: ` : ''}${error.message}`, error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed);
    throw error;
  }
  io.out(o.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : humanLog(answer));
}

export function registerToil(program: Command, io: ToilIo = processIo): void {
  const toil = program.command('toil').description('Toil budget: log toil hours for a team');
  toil
    .command('log')
    .description('Log toil for a team; prints the team’s sprint against its budget. Exit 0 logged, 2 bad input')
    .requiredOption('--team <slug>', 'team slug or id')
    .requiredOption('--hours <hours>', 'hours, in quarter hours (e.g. 1.5)')
    .requiredOption('--what <text>', 'what the toil was')
    .option('--day <YYYY-MM-DD>', 'the day it happened (default today, UTC)')
    .option('--format <format>', 'human or json', 'human')
    .option('--url <url>', 'log into a running Runwell instead of DATABASE_URL')
    .option('--token <token>', 'API token for --url (scope toil)')
    .action(async (opts: Options) => runToilLog(opts, io));
}
