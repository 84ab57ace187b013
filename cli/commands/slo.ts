import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DAY_MS, isDuration, parseDuration } from '@/server/lib/duration';
import { renderRules, type RuleOutputFormat } from '@/server/slo/rule-file.compute';
import { parseSloYaml, serializeSlos, SLO_OUTPUT_FORMATS, withAppPlugins, type ParsedSlo, type SloOutputFormat } from '@/server/slo/slo-formats.compute';
import { pluginStepSchema, type AppPlugins } from '@/server/slo/slo-plugins.compute';
import { collectAlertWindows } from '@/server/slo/alert-windows.compute';
import type { AlertWindowSet } from '@/server/slo/burn-rate.compute';
import { formatIssue } from '@/server/lib/issues';
import { sloId, type SloWindow } from '@/server/slo/slo.schema';
import { describeWindow } from '@/server/slo/slo-windows.compute';
import { CliError, EXIT, readStdin } from '../exit';

// `runwell slo validate FILE` and `runwell slo rules FILE`: offline, no database.
// FILE holds Sloth (prometheus/v1 or PrometheusServiceLevel) and/or OpenSLO v1
// documents; `-` reads stdin. Exit codes: 0 ok, 2 invalid file or usage.

type Out = { out: (s: string) => void; err: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const FORMATS: readonly RuleOutputFormat[] = ['prometheus', 'prometheusrule'];

export function registerSlo(program: Command, io: Out = stdio): void {
  const slo = program.command('slo').description('SLO definitions: validate Sloth/OpenSLO files, generate Prometheus rules');
  const windowOption = ['--window <days>', 'window for Sloth files, which carry none (like sloth --default-slo-period)', '30d'] as const;

  slo
    .command('validate')
    .description('Check an SLO file; prints path: reason for every problem (exit 2 when invalid)')
    .argument('<file>', 'YAML file (Sloth prometheus/v1, sloth.slok.dev/v1 PrometheusServiceLevel, OpenSLO v1), or - for stdin')
    .option(...windowOption)
    .action(async (file: string, opts: { window: string }) => {
      const parsed = await load(file, opts.window, io);
      const list = parsed.map((p) => `${sloId(p.slo)} (${p.slo.objective}%, ${describeWindow(p.slo.window)})`).join(', ');
      io.out(`${file}: valid, ${parsed.length} SLO${parsed.length === 1 ? '' : 's'}: ${list}\n`);
    });

  slo
    .command('rules')
    .description('Print Prometheus recording and alerting rules (Sloth-compatible) for an SLO file')
    .argument('<file>', 'YAML file, or - for stdin')
    .option(...windowOption)
    .option('--format <format>', `output: ${FORMATS.join(' (rule file) or ')} (monitoring.coreos.com/v1 object)`, 'prometheus')
    .option('--namespace <namespace>', 'namespace of the PrometheusRule objects')
    .option('--label <key=value>', 'label on the PrometheusRule objects (repeatable), e.g. release=prometheus', collect, [])
    .option('--windows-dir <dir>', 'Sloth AlertWindows files (*.yaml) for periods other than the built-in 30d/28d/7d, or to replace them')
    .option('--slo-plugin <json>', 'SLO plugin for every SLO, as sloth --slo-plugins: {"id": ..., "priority": 0, "config": {...}} (repeatable)', collect, [])
    .option('--disable-default-slo-plugins', "run only the declared plugins (as sloth's flag of that name)", false)
    .action(async (file: string, opts: RulesOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got "${opts.format}")`, EXIT.usage);
      }
      const labels = parseLabels(opts.label);
      const app = parseAppPlugins(opts.sloPlugin, opts.disableDefaultSloPlugins);
      const alertWindows = opts.windowsDir ? await loadWindows(opts.windowsDir, io) : [];
      let parsed = await load(file, opts.window, io);
      if (app) {
        const r = withAppPlugins(parsed, app);
        for (const p of r.problems) io.err(`${file}: ${p}\n`);
        if (r.problems.length) throw new CliError(`${file}: the SLO plugins cannot run (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'})`, EXIT.usage);
        parsed = r.slos;
      }
      let result: { yaml: string; warnings: string[] };
      try {
        result = renderRules(parsed, { format: opts.format as RuleOutputFormat, namespace: opts.namespace, labels, alertWindows });
      } catch (error) {
        if (error instanceof RangeError) throw new CliError(error.message, EXIT.usage);
        throw error;
      }
      for (const w of result.warnings) io.err(`warning: ${w}\n`);
      io.out(result.yaml);
    });

  slo
    .command('convert')
    .description('Rewrite an SLO file in another format (what the target cannot hold is said in a YAML comment)')
    .argument('<file>', 'YAML file, or - for stdin')
    .requiredOption('--to <format>', `output format: ${SLO_OUTPUT_FORMATS.join(', ')}`)
    .option(...windowOption)
    .action(async (file: string, opts: { to: string; window: string }) => {
      if (!(SLO_OUTPUT_FORMATS as readonly string[]).includes(opts.to)) {
        throw new CliError(`--to must be one of ${SLO_OUTPUT_FORMATS.join(', ')} (got "${opts.to}")`, EXIT.usage);
      }
      const parsed = await load(file, opts.window, io);
      if (parsed.some((p) => p.plugins)) io.err(`${file}: warning: SLO plugin chains are not converted (they exist only in Sloth files)\n`);
      io.out(serializeSlos(parsed.map((p) => p.slo), opts.to as SloOutputFormat));
    });

  slo
    .command('import')
    .description('Create (or with --replace, update) SLOs in Runwell from a Sloth/OpenSLO file; starts their backfill')
    .argument('<file>', 'YAML file, or - for stdin')
    .option(...windowOption)
    .option('--datasource <name>', 'Prometheus data source to sample from (default: the default data source)')
    .option('--replace', 'overwrite SLOs that already exist (same service and name)', false)
    .action(async (file: string, opts: { window: string; datasource?: string; replace: boolean }) => {
      const parsed = await load(file, opts.window, io);
      const { importParsed, closeBackfillSender } = await import('@/server/slo/slo.service');
      const { findDataSourceIdByName } = await import('@/server/datasources/datasources.service');
      const { disconnectDatabase } = await import('@/server/database/lifecycle');
      const { systemContext } = await import('../system-context');
      try {
        let dataSourceId: string | null = null;
        if (opts.datasource) {
          dataSourceId = await findDataSourceIdByName(opts.datasource);
          if (!dataSourceId) throw new CliError(`no data source named "${opts.datasource}" (Settings > Data sources)`, EXIT.usage);
        }
        const result = await importParsed(systemContext('cli'), parsed, [], { dataSourceId, replace: opts.replace, sourceRef: file === '-' ? undefined : file });
        if (!result.ok) {
          for (const issue of result.issues) io.err(`${file}: ${formatIssue(issue)}\n`);
          throw new CliError(`${file}: nothing imported (${result.issues.length} problem${result.issues.length === 1 ? '' : 's'})`, EXIT.usage);
        }
        io.out(`${file}: imported ${result.created.length} new and ${result.updated.length} updated SLO${result.created.length + result.updated.length === 1 ? '' : 's'}: ${parsed.map((p) => sloId(p.slo)).join(', ')}\n`);
      } finally {
        await closeBackfillSender();
        await disconnectDatabase();
      }
    });
}

async function load(file: string, window: string, io: Out): Promise<ParsedSlo[]> {
  const defaultWindow = parseWindow(window);
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const result = parseSloYaml(text, { defaultWindow });
  for (const w of result.warnings) io.err(`${file}: warning: ${formatIssue(w)}\n`);
  if (!result.ok) {
    for (const issue of result.issues) io.err(`${file}: ${formatIssue(issue)}\n`);
    const n = result.issues.length;
    throw new CliError(`${file} is invalid (${n} problem${n === 1 ? '' : 's'})`, EXIT.usage);
  }
  return result.slos;
}

type RulesOptions = {
  window: string;
  format: string;
  namespace?: string;
  label: string[];
  windowsDir?: string;
  sloPlugin: string[];
  disableDefaultSloPlugins: boolean;
};

function parseAppPlugins(json: string[], disableDefaults: boolean): AppPlugins | undefined {
  if (!json.length && !disableDefaults) return undefined;
  const chain = json.map((text, i) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CliError(`--slo-plugin #${i + 1} is not JSON: ${text}`, EXIT.usage);
    }
    const r = pluginStepSchema.safeParse(value);
    if (!r.success) {
      const why = r.error.issues.map((issue) => `${issue.path.join('.') || '(plugin)'}: ${issue.message}`).join('; ');
      throw new CliError(`--slo-plugin #${i + 1}: ${why}`, EXIT.usage);
    }
    return r.data;
  });
  return { chain, disableDefaults };
}

async function loadWindows(dir: string, io: Out): Promise<AlertWindowSet[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    throw new CliError(`cannot read --windows-dir ${dir}: ${(error as Error).message}`, EXIT.usage);
  }
  const files = await Promise.all(names.map(async (name) => ({ name: join(dir, name), text: await readFile(join(dir, name), 'utf8') })));
  const { sets, issues } = collectAlertWindows(files);
  for (const issue of issues) io.err(`${issue.file}: ${formatIssue(issue)}\n`);
  if (issues.length) throw new CliError(`--windows-dir ${dir}: invalid alert windows (${issues.length} problem${issues.length === 1 ? '' : 's'})`, EXIT.usage);
  return sets;
}

function parseWindow(text: string): SloWindow {
  const ms = isDuration(text) ? parseDuration(text) : NaN;
  if (!(ms % DAY_MS === 0 && ms / DAY_MS >= 1 && ms / DAY_MS <= 365)) {
    throw new CliError(`--window must be whole days between 1d and 365d, e.g. 30d or 4w (got "${text}")`, EXIT.usage);
  }
  return { type: 'rolling', days: ms / DAY_MS };
}

function parseLabels(pairs: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--label must be key=value (got "${pair}")`, EXIT.usage);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
