import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { DomainError } from '@/server/errors';
import { importRunbooks } from '@/server/runbooks/runbooks.service';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// `runwell runbooks import DIR [--url-base URL]`: every *.md file in DIR (not
// recursive) becomes a runbook keyed by its file name; importing again updates
// in place. Incomplete runbooks are imported and listed with what they miss.
// Exit codes: 0 imported, 2 unreadable directory or bad input, 1 database error.

type Out = { out: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(s) };

export async function readMarkdownDir(dir: string): Promise<{ name: string; text: string }[]> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new CliError(`${dir} is not a directory`, EXIT.usage);
    entries = await readdir(dir);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${dir}: ${(error as Error).message}`, EXIT.usage);
  }
  const files = entries.filter((f) => /\.(md|markdown)$/i.test(f)).sort();
  if (files.length === 0) throw new CliError(`${dir} has no .md files`, EXIT.usage);
  return Promise.all(files.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
}

export function registerRunbooks(program: Command, io: Out = stdio): void {
  const runbooks = program.command('runbooks').description('The runbook library');
  runbooks
    .command('import')
    .description('Import a folder of Markdown runbooks (the seed template); re-importing updates them')
    .argument('<dir>', 'directory holding *.md files')
    .option('--url-base <url>', 'where the files are published; runbook URL = base/<file name>, so alerts whose runbook_url points there link to them')
    .action(async (dir: string, opts: { urlBase?: string }) => {
      try {
        const files = await readMarkdownDir(dir);
        const r = await importRunbooks(systemContext('cli runbooks import'), { files, urlBase: opts.urlBase });
        io.out(`Imported ${files.length} file${files.length === 1 ? '' : 's'} from ${dir}: ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged.length} unchanged\n`);
        for (const i of r.incomplete) io.out(`  ${i.file}: incomplete${i.missing.length ? `, missing ${i.missing.join(', ')}` : ''}${i.empty.length ? `, empty ${i.empty.join(', ')}` : ''}\n`);
      } catch (error) {
        if (error instanceof ZodError) throw new CliError(error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), EXIT.usage);
        if (error instanceof DomainError) throw new CliError(error.message, error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed);
        throw error;
      } finally {
        await disconnectDatabase();
      }
    });
}
