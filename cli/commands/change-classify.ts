import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { classifyChange, classifyRulesSchema, DEFAULT_CLASSIFY_RULES, type ClassifiedObject, type ClassifyRules } from '@/server/changes/classify.compute';
import { CliError, EXIT } from '../exit';
import { loadManifests, type CheckIo } from './check';

// `runwell change classify OLD NEW [--rules FILE] [--format human|json]`: which
// tier (T1-T3) is the change from the manifests OLD to the manifests NEW? Files,
// directories or "-" (stdin, for one side). Always exit 0 with an answer; 2 for
// unreadable input or bad rules.

export type ClassifyOptions = { format: string; rules?: string };

async function loadRules(path: string | undefined): Promise<ClassifyRules> {
  if (!path) return DEFAULT_CLASSIFY_RULES;
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`--rules ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
  const parsed = classifyRulesSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new CliError(`--rules ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`, EXIT.usage);
  return parsed.data;
}

export async function runClassify(before: string, after: string, o: ClassifyOptions, io: CheckIo): Promise<void> {
  if (!['human', 'json'].includes(o.format)) throw new CliError(`--format must be human or json (got "${o.format}")`, EXIT.usage);
  if (before === '-' && after === '-') throw new CliError('only one of OLD and NEW can be "-" (stdin)', EXIT.usage);
  const rules = await loadRules(o.rules);
  const objects = async (path: string) => (await loadManifests([path], io)).map((i) => i.object as ClassifiedObject);
  const result = classifyChange(await objects(before), await objects(after), rules);
  if (o.format === 'json') {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = [`${result.tier}${result.reasons.length ? '' : ' (no difference)'}`];
  for (const r of result.reasons) lines.push(`  ${r.tier} ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.message}`);
  io.stdout(`${lines.join('\n')}\n`);
}
