import { parseDocument } from 'yaml';
import type { ZodError } from 'zod';
import { ManifestError } from './manifests.compute';
import { type ReadinessConfig, readinessConfigSchema } from './readiness.schema';

export class ConfigError extends Error {}

/** "severity.fooBar: Unknown check id; disabled[2]: ..." */
export function formatZodIssues(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
        .join('');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses and validates a readiness config file (YAML or JSON). An empty file is the default config. */
export function parseReadinessConfig(text: string, file: string): ReadinessConfig {
  const document = parseDocument(text, { prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new ManifestError(file, pos?.line ?? 1, pos?.col ?? null, error.message.split('\n')[0]!);
  }
  const raw = document.toJS() ?? {};
  const parsed = readinessConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${file}: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}
