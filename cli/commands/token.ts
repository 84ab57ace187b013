import type { Command } from 'commander';
import { ZodError } from 'zod';
import { TOKEN_SCOPES } from '@/server/lib/roles';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { DomainError } from '@/server/errors';
import type { TokenDto } from '@/server/tokens/tokens.schema';
import { createToken, listTokens, revokeToken } from '@/server/tokens/tokens.service';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// `runwell token create|list|revoke`: API tokens for automation (Alertmanager,
// CI gates, chat-ops bots) without scripting a browser sign-in. The same
// service as Settings → API tokens, so the same rules and audit rows
// (actor system:cli). The secret is printed once, alone on stdout, so
// `TOKEN=$(runwell token create ...)` captures exactly it.

type Out = { out: (s: string) => void; err: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function asCliError(error: unknown): never {
  if (error instanceof ZodError) {
    throw new CliError(error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), EXIT.usage);
  }
  if (error instanceof DomainError) throw new CliError(`${error.field ? `${error.field}: ` : ''}${error.message}`, error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed);
  throw error;
}

export function parseScopes(value: string): string[] {
  const scopes = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  const unknown = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new CliError(`--scopes: unknown scope ${unknown.join(', ')} (scopes: ${TOKEN_SCOPES.join(', ')})`, EXIT.usage);
  if (scopes.length === 0) throw new CliError(`--scopes: name at least one of ${TOKEN_SCOPES.join(', ')}`, EXIT.usage);
  return scopes;
}

function parseDays(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new CliError(`--expires-days must be a whole number of days from 1 to 3650 (got "${value}")`, EXIT.usage);
  return n;
}

const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

function state(t: TokenDto, now: Date): string {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function formatTokenTable(tokens: readonly TokenDto[], now = new Date()): string {
  const header = ['ID', 'NAME', 'PREFIX', 'SCOPES', 'STATE', 'OWNER', 'CREATED', 'EXPIRES', 'LAST USED'];
  const rows = tokens.map((t) => [t.id, t.name, t.prefix, t.scopes.join(','), state(t, now), t.createdBy, iso(t.createdAt), iso(t.expiresAt), iso(t.lastUsedAt)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** A token named on the command line: its id, its prefix, or its name when one active token has it. */
export function pickToken(tokens: readonly TokenDto[], ref: string, now = new Date()): TokenDto {
  const byId = tokens.find((t) => t.id === ref || t.prefix === ref);
  if (byId) return byId;
  const named = tokens.filter((t) => t.name === ref && state(t, now) === 'active');
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new CliError(`${named.length} active tokens are named "${ref}"; revoke by id (runwell token list)`, EXIT.usage);
  throw new CliError(`No token "${ref}" (give an id, a prefix or the name of an active token; see runwell token list)`, EXIT.failed);
}

export function registerToken(program: Command, io: Out = stdio): void {
  const token = program.command('token').description('API tokens for Alertmanager, CI and chat-ops (same as Settings → API tokens; audited)');
  token
    .command('create')
    .description('Create a token and print its secret once (only its hash is stored)')
    .requiredOption('--name <name>', 'what the token is for, e.g. alertmanager-prod')
    .requiredOption('--scopes <list>', `comma-separated: ${TOKEN_SCOPES.join(', ')}`)
    .option('--expires-days <days>', 'expire after this many days (default: never)')
    .option('--owner <email>', 'the admin who owns the token (default: the first admin)')
    .action(async (opts: { name: string; scopes: string; expiresDays?: string; owner?: string }) => {
      const scopes = parseScopes(opts.scopes);
      const expiresInDays = parseDays(opts.expiresDays);
      try {
        const { token: created, secret } = await createToken(
          systemContext('cli'),
          { name: opts.name, scopes: scopes as never, expiresInDays },
          new Date(),
          { ownerEmail: opts.owner ?? null },
        );
        io.out(`${secret}\n`);
        io.err(
          `Created token "${created.name}" (${created.id}, scopes ${created.scopes.join(',')}, owner ${created.createdBy}, ` +
            `${created.expiresAt ? `expires ${iso(created.expiresAt)}` : 'never expires'}). The secret above is shown once; store it now.\n`,
        );
      } catch (error) {
        asCliError(error);
      } finally {
        await disconnectDatabase();
      }
    });
  token
    .command('list')
    .description('List tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      try {
        const tokens = await listTokens(systemContext('cli'));
        if (opts.json) io.out(`${JSON.stringify(tokens, null, 2)}\n`);
        else if (tokens.length === 0) io.out('No API tokens\n');
        else io.out(formatTokenTable(tokens));
      } catch (error) {
        asCliError(error);
      } finally {
        await disconnectDatabase();
      }
    });
  token
    .command('revoke')
    .description('Revoke a token at once (by id, prefix, or the name of an active token)')
    .argument('<token>', 'id, prefix (rw_abc123) or name')
    .action(async (ref: string) => {
      try {
        const ctx = systemContext('cli');
        const target = pickToken(await listTokens(ctx), ref);
        if (target.revokedAt) {
          io.out(`Token "${target.name}" (${target.id}) was already revoked at ${iso(target.revokedAt)}\n`);
          return;
        }
        const revoked = await revokeToken(ctx, target.id);
        io.out(`Revoked token "${revoked.name}" (${revoked.id}) at ${iso(revoked.revokedAt)}\n`);
      } catch (error) {
        if (error instanceof CliError) throw error;
        asCliError(error);
      } finally {
        await disconnectDatabase();
      }
    });
}
