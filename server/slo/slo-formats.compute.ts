import { Document } from 'yaml';
import { documentValue, InputLimitError, safeParseAllDocuments } from '../lib/safe-parse';
import { parseOpenSloSli, parseOpenSloSlo, toOpenSloDocument, type OpenSloSliIndex } from './openslo-format.compute';
import { kubernetesName, toYaml } from './rule-file.compute';
import type { FieldIssue } from '../lib/issues';
import { sloId, type Slo, type SloWindow } from './slo.schema';
import { parseSlothCrd, parseSlothFile, toSlothDocuments } from './sloth-format.compute';
import { chainRefusals, effectivePlugins, resolveChain, type AppPlugins, type PluginStep, type PluginsSpec } from './slo-plugins.compute';
import { parseOpenSloV1alpha, toOpenSloV1alphaDocuments } from './openslo-v1alpha-format.compute';

// Reading and writing SLO files. One YAML stream may hold several documents of
// any of the supported formats (`---` separated); every problem is reported with
// its document number and the path inside that document.

export type SloFormat = 'sloth' | 'sloth-crd' | 'openslo';
const SLO_FORMATS: readonly SloFormat[] = ['sloth', 'sloth-crd', 'openslo'];
/** What serializeSlos writes: the read formats plus OpenSLO v1alpha (Sloth's OpenSLO dialect). */
export type SloOutputFormat = SloFormat | 'openslo-v1alpha';
export const SLO_OUTPUT_FORMATS: readonly SloOutputFormat[] = [...SLO_FORMATS, 'openslo-v1alpha'];

export type ParsedSlo = {
  slo: Slo;
  format: SloFormat;
  /** 1-based document number in the stream. */
  document: number;
  /** metadata of the Kubernetes object it came from (Sloth CRD), for the PrometheusRule we write back. */
  object?: { name?: string; namespace?: string; labels?: Record<string, string> };
  /** The SLO plugin chain the spec declares (Sloth files only); absent: Sloth's default chain. */
  plugins?: PluginStep[];
  /** The declarations behind `plugins`, to resolve again with app-level plugins (`withAppPlugins`). */
  pluginSpecs?: { group?: PluginsSpec; slo?: PluginsSpec };
  /** The input's spec version, written to sloth_slo_info's sloth_spec as Sloth does. */
  spec: string;
};

export type ParseOptions = {
  /** Window for formats that have none (Sloth). Default: rolling 30 days, as Sloth's --default-slo-period. */
  defaultWindow?: SloWindow;
};

export type ParseResult =
  | { ok: true; slos: ParsedSlo[]; warnings: FieldIssue[] }
  | { ok: false; issues: FieldIssue[]; warnings: FieldIssue[] };

const DEFAULT_WINDOW: SloWindow = { type: 'rolling', days: 30 };

export function parseSloYaml(text: string, options: ParseOptions = {}): ParseResult {
  const defaultWindow = options.defaultWindow ?? DEFAULT_WINDOW;
  let list: Document[];
  try {
    list = safeParseAllDocuments(text);
  } catch (error) {
    if (!(error instanceof InputLimitError)) throw error;
    return { ok: false, issues: [{ path: error.line ? `line ${error.line}` : '(yaml)', message: error.reason }], warnings: [] };
  }
  const multi = list.length > 1;
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const at = (n: number) => (multi ? { document: n } : {});

  // Decode every document first: OpenSLO SLOs may reference SLIs defined later.
  const decoded: { n: number; value: unknown }[] = [];
  list.forEach((doc, i) => {
    const n = i + 1;
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const line = e.linePos?.[0];
        issues.push({ ...at(n), path: line ? `line ${line.line}, column ${line.col}` : '(yaml)', message: firstLine(e.message) });
      }
      return;
    }
    let value: unknown;
    try {
      value = documentValue(doc);
    } catch (error) {
      if (!(error instanceof InputLimitError)) throw error;
      issues.push({ ...at(n), path: '(yaml)', message: error.reason });
      return;
    }
    if (value === null || value === undefined) return; // empty document (e.g. a trailing ---)
    decoded.push({ n, value });
  });

  const slis: OpenSloSliIndex = new Map();
  for (const { n, value } of decoded) {
    if (detect(value) !== 'openslo-sli') continue;
    const r = parseOpenSloSli(value);
    issues.push(...r.issues.map((i) => ({ ...i, ...at(n) })));
    if (r.name) slis.set(r.name, r.sli);
  }

  const slos: ParsedSlo[] = [];
  for (const { n, value } of decoded) {
    const kind = detect(value);
    const add = (
      format: SloFormat,
      spec: string,
      found: Slo[],
      object?: ParsedSlo['object'],
      chains: (PluginStep[] | undefined)[] = [],
      specs: ParsedSlo['pluginSpecs'][] = [],
    ) =>
      slos.push(
        ...found.map((slo, i) => ({
          slo,
          format,
          spec,
          document: n,
          ...(object ? { object } : {}),
          ...(chains[i] ? { plugins: chains[i] } : {}),
          ...(specs[i] && Object.keys(specs[i]!).length ? { pluginSpecs: specs[i] } : {}),
        })),
      );
    switch (kind) {
      case 'sloth': {
        const r = parseSlothFile(value, defaultWindow);
        issues.push(...r.issues.map((i) => ({ ...i, ...at(n) })));
        warnings.push(...r.warnings.map((i) => ({ ...i, ...at(n) })));
        add('sloth', 'prometheus/v1', r.slos, undefined, r.chains, r.pluginSpecs);
        break;
      }
      case 'sloth-crd': {
        const r = parseSlothCrd(value, defaultWindow);
        issues.push(...r.issues.map((i) => ({ ...i, ...at(n) })));
        warnings.push(...r.warnings.map((i) => ({ ...i, ...at(n) })));
        add('sloth-crd', 'sloth.slok.dev/v1', r.slos, r.metadata, r.chains, r.pluginSpecs);
        break;
      }
      case 'openslo-slo': {
        const r = parseOpenSloSlo(value, slis);
        issues.push(...r.issues.map((i) => ({ ...i, ...at(n) })));
        warnings.push(...r.warnings.map((i) => ({ ...i, ...at(n) })));
        add('openslo', String((value as { apiVersion?: unknown }).apiVersion), r.slos);
        break;
      }
      case 'openslo-v1alpha': {
        const r = parseOpenSloV1alpha(value, defaultWindow);
        issues.push(...r.issues.map((i) => ({ ...i, ...at(n) })));
        add('openslo', 'openslo/v1alpha', r.slos);
        break;
      }
      case 'openslo-sli':
        break;
      case 'openslo-other':
        warnings.push({ ...at(n), path: 'kind', message: `ignored: Runwell reads OpenSLO SLO and SLI objects only` });
        break;
      case 'unknown':
        issues.push({
          ...at(n),
          path: '(document)',
          message:
            'is not an SLO definition: expected `version: prometheus/v1` (Sloth), `apiVersion: sloth.slok.dev/v1` + `kind: PrometheusServiceLevel`, or `apiVersion: openslo/v1` (or `openslo/v1alpha`) + `kind: SLO`',
        });
        break;
    }
  }

  issues.push(...duplicateIds(slos, multi));
  if (!issues.length && !slos.length) issues.push({ path: '(document)', message: 'contains no SLO' });
  return issues.length ? { ok: false, issues, warnings } : { ok: true, slos, warnings };
}

type Detected = 'sloth' | 'sloth-crd' | 'openslo-slo' | 'openslo-v1alpha' | 'openslo-sli' | 'openslo-other' | 'unknown';

function detect(value: unknown): Detected {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unknown';
  const v = value as Record<string, unknown>;
  // A wrong version is reported by the format's own schema, with the path.
  if ('version' in v && !('apiVersion' in v)) return 'sloth';
  const api = typeof v.apiVersion === 'string' ? v.apiVersion : '';
  if (api.startsWith('sloth.slok.dev/')) return 'sloth-crd';
  if (api === 'openslo/v1alpha' && v.kind === 'SLO') return 'openslo-v1alpha';
  if (api.startsWith('openslo/')) {
    if (v.kind === 'SLO') return 'openslo-slo';
    if (v.kind === 'SLI') return 'openslo-sli';
    return 'openslo-other';
  }
  return 'unknown';
}

function duplicateIds(slos: ParsedSlo[], multi: boolean): FieldIssue[] {
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  for (const p of slos) {
    const id = sloId(p.slo);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, p.document);
    else {
      issues.push({
        ...(multi ? { document: p.document } : {}),
        path: p.format === 'openslo' ? 'metadata.name' : 'slos',
        message: `duplicates the SLO ${id} (service ${p.slo.service}, name ${p.slo.name})${multi ? ` of document ${first}` : ''}`,
      });
    }
  }
  return issues;
}

/**
 * Adds app-level SLO plugins (Sloth's `--slo-plugins`, `--disable-default-slo-plugins`)
 * to every SLO's chain, as Sloth resolves them; problems name the SLO.
 */
export function withAppPlugins(parsed: readonly ParsedSlo[], app: AppPlugins): { slos: ParsedSlo[]; problems: string[] } {
  const problems: string[] = [];
  const slos = parsed.map((p) => {
    const plugins = resolveChain(p.pluginSpecs?.group, p.pluginSpecs?.slo, app)!;
    problems.push(...chainRefusals(p.slo, plugins).map((r) => `${sloId(p.slo)}: ${r}`));
    return { ...p, plugins };
  });
  return { slos, problems };
}

/**
 * Warnings for storing parsed SLOs in Runwell: a plugin chain that changes the
 * rules is not kept (Runwell generates stored SLOs' rules with the default chain).
 */
export function storageWarnings(parsed: readonly ParsedSlo[]): FieldIssue[] {
  const multi = new Set(parsed.map((p) => p.document)).size > 1;
  return parsed.flatMap((p) => {
    const acting = effectivePlugins(p.plugins);
    if (!acting.length) return [];
    return [
      {
        ...(multi ? { document: p.document } : {}),
        path: 'plugins',
        message: `${sloId(p.slo)}: SLO plugins ${acting.join(', ')} are not stored; Runwell generates this SLO's rules without them (use runwell slo rules on the file to apply them)`,
      },
    ];
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

// ---------------------------------------------------------------------------
// Export

export type SerializeOptions = {
  /** Kubernetes metadata for Sloth CRD objects, per service (default: the service name, lowercased). */
  objectFor?: (service: string) => { name: string; namespace?: string };
};

/** SLOs as a YAML stream in `format` (multi-document when there are several objects). */
export function serializeSlos(slos: readonly Slo[], format: SloOutputFormat, options: SerializeOptions = {}): string {
  if (format === 'openslo') return slos.map((s) => toYaml(toOpenSloDocument(s))).join('---\n');
  if (format === 'openslo-v1alpha') return toOpenSloV1alphaDocuments(slos).map(({ body, notes }) => commented(body, notes)).join('---\n');
  const objectFor = options.objectFor ?? ((service: string) => ({ name: kubernetesName(service) }));
  return toSlothDocuments(slos, format === 'sloth' ? 'file' : 'crd', objectFor)
    .map(({ body, notes }) => commented(body, notes))
    .join('---\n');
}

/** A YAML document with what the format could not hold as a leading comment (an empty body: the comment only). */
function commented(body: Record<string, unknown>, notes: string[]): string {
  const doc = new Document(Object.keys(body).length ? body : null, { aliasDuplicateObjects: false });
  if (notes.length) doc.commentBefore = notes.map((n) => ` ${n}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

;
