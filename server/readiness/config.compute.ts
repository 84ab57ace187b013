import { LineCounter } from 'yaml';
import { InputLimitError, safeParseAllDocuments } from '../lib/safe-parse';
import type { ZodError } from 'zod';
import { formatPath } from '../lib/issues';
import { ManifestError } from './manifests.compute';
import { isPolarisConfig, polarisConfigSchema, polarisToReadinessConfig } from './polaris-config.compute';
import { type ReadinessConfig, readinessConfigSchema } from './readiness.schema';

export class ConfigError extends Error {}

/** "severity.fooBar: Unknown check id; disabled[2]: ..." */
function formatZodIssues(error: ZodError): string {
  return error.issues
    .flatMap((issue) =>
      // One entry per unknown key, at its own path: "severity.noSuchCheck: unknown key".
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key (not a field or check id)`)
        : [`${formatPath(issue.path, '(root)')}: ${issue.message}`],
    )
    .join('; ');
}

/**
 * Parses and validates a readiness config file (YAML or JSON): Runwell's format, or
 * Polaris' (recognised by its top-level `checks` map). An empty file is the default config.
 */
export function parseReadinessConfig(text: string, file: string): ReadinessConfig {
  const lineCounter = new LineCounter();
  let documents;
  try {
    documents = safeParseAllDocuments(text, { lineCounter, prettyErrors: false, limits: { maxBytes: 1024 * 1024 } });
  } catch (error) {
    if (error instanceof InputLimitError) throw new ManifestError(file, error.line ?? 1, null, error.reason);
    throw error;
  }
  if (documents.length > 1) throw new ManifestError(file, lineCounter.linePos(documents[1]!.range?.[0] ?? 0).line, null, 'a config is one YAML document');
  const document = documents[0];
  const error = document?.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    throw new ManifestError(file, pos.line, pos.col, error.message.split('\n')[0]!);
  }
  let raw: unknown;
  try {
    raw = document?.toJS({ maxAliasCount: -1 }) ?? {};
  } catch (error) {
    // An alias without its anchor ("*x" before "&x") parses, but cannot be resolved.
    if (error instanceof ReferenceError) throw new ManifestError(file, 1, null, error.message);
    throw error;
  }
  if (isPolarisConfig(raw)) {
    const polaris = polarisConfigSchema.safeParse(raw);
    if (!polaris.success) throw new ConfigError(`${file} (Polaris config): ${formatZodIssues(polaris.error)}`);
    return polarisToReadinessConfig(polaris.data);
  }
  const parsed = readinessConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${file}: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}
