import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, parseReadinessConfig } from '@/server/readiness/config.compute';
import { configExemptions } from '@/server/readiness/exemptions.compute';
import { formatCheckListHuman, formatCheckListJson, listChecks } from '@/server/readiness/formats/check-list';
import { formatHuman } from '@/server/readiness/formats/human';
import { formatJson } from '@/server/readiness/formats/json';
import { formatJunit } from '@/server/readiness/formats/junit';
import { formatSarif } from '@/server/readiness/formats/sarif';
import { exportKyvernoPolicies, KYVERNO_ACTIONS, type KyvernoAction } from '@/server/readiness/kyverno.compute';
import { ManifestError, parseManifests } from '@/server/readiness/manifests.compute';
import { CHECKS } from '@/server/readiness/checks/registry.compute';
import { activeChecks, evaluateReadiness, failuresAtOrAbove } from '@/server/readiness/readiness.compute';
import {
  DEFAULT_CONFIG,
  type InventoryItem,
  kubernetesVersionSchema,
  type ReadinessConfig,
  type Severity,
} from '@/server/readiness/readiness.schema';
import { CliError, EXIT, readStdin } from '../exit';

export const CHECK_FORMATS = ['human', 'json', 'sarif', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const STDIN_LABEL = '<stdin>';
const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
// Kustomize's own file is configuration, not an object; render with `kustomize build | runwell check -`.
const NOT_MANIFESTS = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface CheckOptions {
  format: CheckFormat;
  failOn: Severity;
  minScore?: number;
  config?: string;
  export?: 'kyverno';
  kyvernoAction: KyvernoAction;
  /** Pass (exit 0) when the input holds no objects at all; by default that is exit 2. */
  allowEmpty?: boolean;
  /** Target version of kube-score/stable-version, overriding the config's `kubernetesVersion`. */
  kubernetesVersion?: string;
  /** Print every check instead of checking manifests. */
  listChecks?: boolean;
}

/** Side effects of the command, replaceable in tests. */
export interface CheckIo {
  stdout(text: string): void;
  readStdin(): Promise<string>;
  now(): Date;
}

const processIo: CheckIo = {
  stdout: (text) => process.stdout.write(text),
  readStdin,
  now: () => new Date(),
};

function parseKubernetesVersion(value: string): string {
  const parsed = kubernetesVersionSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected a Kubernetes version such as 1.29 or v1.29');
  return parsed.data;
}

function parseMinScore(value: string): number {
  const score = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || score > 100) {
    throw new InvalidArgumentError('expected a number from 0 to 100');
  }
  return score;
}

function parseKyvernoAction(value: string): KyvernoAction {
  const action = KYVERNO_ACTIONS.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!action) throw new InvalidArgumentError(`expected one of ${KYVERNO_ACTIONS.join(', ')}`);
  return action;
}

/** Manifest files under `dir`, recursively, in a stable (sorted) order; dot-directories skipped. */
async function manifestFilesUnder(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') files.push(...(await manifestFilesUnder(path)));
    } else if (MANIFEST_EXTENSIONS.test(entry.name) && !NOT_MANIFESTS.has(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
}

/** Every object from PATHs (files, directories, "-" for stdin). Unreadable or unparsable input: exit 2. */
export async function loadManifests(paths: readonly string[], io: CheckIo): Promise<InventoryItem[]> {
  const items: InventoryItem[] = [];
  const parse = (text: string, file: string) => {
    try {
      items.push(...parseManifests(text, file));
    } catch (error) {
      if (error instanceof ManifestError) throw new CliError(error.message, EXIT.usage);
      throw error;
    }
  };
  let stdinRead = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      parse(await io.readStdin(), STDIN_LABEL);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
    }
    if (!isDirectory) {
      parse(await readText(path), path);
      continue;
    }
    const files = await manifestFilesUnder(path);
    if (files.length === 0) throw new CliError(`no *.yaml, *.yml or *.json files under ${path}`, EXIT.usage);
    for (const file of files) parse(await readText(file), file);
  }
  return items;
}

async function loadConfig(path: string | undefined): Promise<ReadinessConfig> {
  if (!path) return DEFAULT_CONFIG;
  try {
    return parseReadinessConfig(await readText(path), path);
  } catch (error) {
    if (error instanceof ManifestError || error instanceof ConfigError) {
      throw new CliError(`invalid config: ${error.message}`, EXIT.usage);
    }
    throw error;
  }
}

/** The whole command; throws CliError(EXIT.failed) when the gate fails, CliError(EXIT.usage) on bad input. */
export async function runCheck(paths: readonly string[], options: CheckOptions, io: CheckIo): Promise<void> {
  const loaded = await loadConfig(options.config);
  const config = options.kubernetesVersion ? { ...loaded, kubernetesVersion: options.kubernetesVersion } : loaded;
  if (options.listChecks) {
    if (options.format !== 'human' && options.format !== 'json') {
      throw new CliError(`--list-checks prints human or json, not ${options.format}`, EXIT.usage);
    }
    const entries = listChecks(CHECKS, options.config ? config : undefined);
    io.stdout(options.format === 'json' ? formatCheckListJson(entries) : formatCheckListHuman(entries));
    return;
  }
  const checks = activeChecks(config);
  if (options.export === 'kyverno') {
    io.stdout(exportKyvernoPolicies(checks, { action: options.kyvernoAction, config }));
    return;
  }
  if (paths.length === 0) throw new CliError('give at least one PATH (file or directory), or - to read stdin', EXIT.usage);

  const items = await loadManifests(paths, io);
  // A failed `helm template ... | runwell check -` leaves stdin empty: passing
  // on nothing would let the broken render through CI.
  if (items.length === 0 && !options.allowEmpty) {
    throw new CliError(`no Kubernetes objects in ${paths.map((p) => (p === '-' ? STDIN_LABEL : p)).join(', ')} (empty input; pass --allow-empty if that is expected)`, EXIT.usage);
  }
  const report = evaluateReadiness(items, { now: io.now(), config, exemptions: configExemptions(config) });
  const render = {
    human: () => formatHuman(report),
    json: () => formatJson(report),
    sarif: () => formatSarif(report, checks),
    junit: () => formatJunit(report),
  } satisfies Record<CheckFormat, () => string>;
  io.stdout(render[options.format]());

  const failed = failuresAtOrAbove(report, options.failOn);
  const reasons: string[] = [];
  if (failed > 0) {
    reasons.push(`${failed} ${failed === 1 ? 'check' : 'checks'} at or above ${options.failOn} failed`);
  }
  if (options.minScore !== undefined && report.score < options.minScore) {
    reasons.push(`score ${report.score} is below --min-score ${options.minScore}`);
  }
  if (reasons.length > 0) throw new CliError(`readiness gate failed: ${reasons.join('; ')}`, EXIT.failed);
}

export function registerCheck(program: Command, io: CheckIo = processIo): void {
  program
    .command('check')
    .description(
      'Production-readiness gate for Kubernetes manifests (YAML/JSON files, directories, or - for stdin, e.g. helm template output). ' +
        'Exit 0 when it passes, 1 when a check at or above --fail-on fails or the score is below --min-score, 2 when input cannot be read, is invalid or holds no objects',
    )
    .argument('[paths...]', 'manifest files or directories (*.yaml, *.yml, *.json, recursively); - reads stdin')
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('human'))
    .addOption(
      new Option('--fail-on <severity>', 'fail when a check of this severity or worse fails')
        .choices(['danger', 'warning'])
        .default('danger'),
    )
    .option('--min-score <n>', 'fail when the overall score (0-100) is below n', parseMinScore)
    .option('--config <file>', "team policy (YAML): Runwell's format (severity overrides, disabled checks, allowed registries, required annotations, cpuLimits, exemptions) or a Polaris config file (checks, exemptions), detected automatically")
    .option('--list-checks', 'print every check (id, area, default severity, kinds, source, description) and exit; --format json for JSON; with --config, also the configured severity', false)
    .addOption(new Option('--export <target>', 'print policies for the checks instead of checking manifests').choices(['kyverno']))
    .option('--kubernetes-version <version>', 'Kubernetes version the manifests target, for kube-score/stable-version (e.g. 1.30; default: the config\'s kubernetesVersion, else 1.18 as kube-score)', parseKubernetesVersion)
    .option('--allow-empty', 'pass when the input holds no Kubernetes objects (default: exit 2, so a failed render does not pass CI)', false)
    .option('--kyverno-action <action>', 'validationFailureAction of exported Kyverno policies (Audit or Enforce)', parseKyvernoAction, 'Audit')
    .action(async (paths: string[], options: CheckOptions) => {
      await runCheck(paths, options, io);
    });
}
