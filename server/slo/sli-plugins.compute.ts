import type { SloSli } from './slo.schema';

// Sloth SLI plugins, implemented natively. In Sloth an SLI plugin is Go code that
// turns `sli.plugin: {id, options}` into an error-ratio query; Runwell cannot run
// Go, so the widely used plugins of Sloth's common collection
// (github.com/slok/sloth-common-sli-plugins) and Sloth's getting-started example
// plugin are re-implemented here by the same ID and options. They produce events
// (errors/total) or good/total SLIs rather than one ratio query, so Runwell's
// exact period ratio and no-traffic handling apply to them too. docs/slo.md
// lists them ("SLI plugins").

export type SliPluginInput = {
  /** Sloth passes options as strings; YAML numbers and booleans are accepted and stringified. */
  options: Record<string, string>;
  objective: number;
  labels: Record<string, string>;
};

/** A problem with one option (`option` undefined: the plugin as a whole). */
export type SliPluginProblem = { option?: string; message: string };

type SliPluginDef = {
  summary: string;
  options: string;
  build(input: SliPluginInput, problems: SliPluginProblem[]): SloSli | null;
};

const W = '[{{.window}}]';

/** `a="b",c=~"d"` (braces and stray commas trimmed) -> matchers, or a problem. */
function filterOption(input: SliPluginInput, problems: SliPluginProblem[]): string[] {
  const raw = (input.options.filter ?? '').trim().replace(/^[{},\s]+|[{},\s]+$/g, '');
  if (!raw) return [];
  const parts = splitMatchers(raw);
  const bad = parts.find((p) => !MATCHER_RE.test(p));
  if (bad !== undefined) {
    problems.push({ option: 'filter', message: `must be Prometheus label matchers such as job="api",env=~"prod|stage" (cannot read ${JSON.stringify(bad)})` });
    return [];
  }
  return parts.map((p) => p.trim());
}

const MATCHER_RE = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*$/;

// Commas inside quoted values do not separate matchers.
function splitMatchers(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quoted) {
      cur += c + (text[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function requiredOption(input: SliPluginInput, name: string, problems: SliPluginProblem[]): string {
  const v = (input.options[name] ?? '').trim();
  if (!v) problems.push({ option: name, message: 'is required' });
  return v;
}

function regexOption(input: SliPluginInput, name: string, problems: SliPluginProblem[], fallback?: string): string {
  const v = (input.options[name] ?? '').trim();
  if (!v) {
    if (fallback === undefined) problems.push({ option: name, message: 'is required (a regular expression)' });
    return fallback ?? '';
  }
  if (v.includes('"')) {
    problems.push({ option: name, message: 'must not contain a double quote' });
    return v;
  }
  try {
    new RegExp(v);
  } catch {
    problems.push({ option: name, message: `is not a valid regular expression: ${v}` });
  }
  return v;
}

function bucketOption(input: SliPluginInput, problems: SliPluginProblem[]): string {
  const v = requiredOption(input, 'bucket', problems);
  if (v && !(/^[0-9.eE+-]+$/.test(v) && Number.isFinite(Number(v)))) problems.push({ option: 'bucket', message: `must be a number, the le label of a histogram bucket (got ${v})` });
  return v;
}

function boolOption(input: SliPluginInput, name: string, problems: SliPluginProblem[]): boolean {
  const v = (input.options[name] ?? '').trim().toLowerCase();
  if (!v) return false;
  if (['true', '1', 't'].includes(v)) return true;
  if (['false', '0', 'f'].includes(v)) return false;
  problems.push({ option: name, message: 'must be true or false' });
  return false;
}

function numberOption(input: SliPluginInput, name: string, problems: SliPluginProblem[], required: boolean): number {
  const v = (input.options[name] ?? '').trim();
  if (!v) {
    if (required) problems.push({ option: name, message: 'is required (a number)' });
    return 0;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) problems.push({ option: name, message: `must be a number (got ${v})` });
  return n;
}

const sel = (...matchers: (string | string[])[]) => `{${matchers.flat().filter(Boolean).join(',')}}`;
const sumRate = (metric: string, ...matchers: (string | string[])[]) => `sum(rate(${metric}${sel(...matchers)}${W}))`;

/** An availability SLI: errors are the requests matching `errorMatcher`. */
const availability = (metric: string, scope: string[], errorMatcher: string): SloSli => ({
  type: 'events',
  errorQuery: sumRate(metric, scope, errorMatcher),
  totalQuery: sumRate(metric, scope),
});

/** A latency SLI from a histogram: good are the requests in the `le` bucket. */
const latency = (histogram: string, scope: string[], bucket: string): SloSli => ({
  type: 'goodEvents',
  goodQuery: sumRate(`${histogram}_bucket`, scope, `le="${bucket}"`),
  totalQuery: sumRate(`${histogram}_count`, scope),
});

const traefikScope = (input: SliPluginInput, problems: SliPluginProblem[], label: string, option: string, withErrorExclusion: boolean) => {
  const scope = [...filterOption(input, problems), `${label}=~"${regexOption(input, option, problems)}"`];
  if (withErrorExclusion && boolOption(input, 'exclude_errors', problems)) scope.push('code!~"5.."');
  return scope;
};

export const SLI_PLUGINS: Record<string, SliPluginDef> = {
  'sloth-common/kubernetes/apiserver/availability': {
    summary: 'Kubernetes API server requests answered without 5xx/429',
    options: 'filter',
    build: (i, p) => availability('apiserver_request_total', filterOption(i, p), 'code=~"(5..|429)"'),
  },
  'sloth-common/kubernetes/apiserver/latency': {
    summary: 'Kubernetes API server non-WATCH requests faster than bucket seconds',
    options: 'bucket (required), filter',
    build: (i, p) => latency('apiserver_request_duration_seconds', [...filterOption(i, p), 'verb!="WATCH"'], bucketOption(i, p)),
  },
  'sloth-common/coredns/availability': {
    summary: 'CoreDNS responses whose rcode is not SERVFAIL (or custom_rcode_regex)',
    options: 'filter, custom_rcode_regex (default SERVFAIL)',
    build: (i, p) => availability('coredns_dns_responses_total', filterOption(i, p), `rcode=~"${regexOption(i, 'custom_rcode_regex', p, 'SERVFAIL')}"`),
  },
  'sloth-common/coredns/latency': {
    summary: 'CoreDNS requests faster than bucket seconds',
    options: 'bucket (required), filter',
    build: (i, p) => latency('coredns_dns_request_duration_seconds', filterOption(i, p), bucketOption(i, p)),
  },
  'sloth-common/kubernetes/nginx-ingress/availability': {
    summary: 'ingress-nginx requests answered without 5xx/429',
    options: 'filter',
    build: (i, p) => availability('nginx_ingress_controller_requests', filterOption(i, p), 'status=~"(5..|429)"'),
  },
  'sloth-common/traefik/v1/availability': {
    summary: 'Traefik v1 backend requests answered without 5xx/429',
    options: 'backend_regex (required), filter',
    build: (i, p) => availability('traefik_backend_requests_total', traefikScope(i, p, 'backend', 'backend_regex', false), 'code=~"(5..|429)"'),
  },
  'sloth-common/traefik/v1/latency': {
    summary: 'Traefik v1 backend requests faster than bucket seconds',
    options: 'bucket (required), backend_regex (required), filter, exclude_errors',
    build: (i, p) => latency('traefik_backend_request_duration_seconds', traefikScope(i, p, 'backend', 'backend_regex', true), bucketOption(i, p)),
  },
  'sloth-common/traefik/v2/availability': {
    summary: 'Traefik v2 service requests answered without 5xx',
    options: 'service_name_regex (required), filter',
    build: (i, p) => availability('traefik_service_requests_total', traefikScope(i, p, 'service', 'service_name_regex', false), 'code=~"(5..)"'),
  },
  'sloth-common/traefik/v2/latency': {
    summary: 'Traefik v2 service requests faster than bucket seconds',
    options: 'bucket (required), service_name_regex (required), filter, exclude_errors',
    build: (i, p) => latency('traefik_service_request_duration_seconds', traefikScope(i, p, 'service', 'service_name_regex', true), bucketOption(i, p)),
  },
  'sloth-common/noop': {
    summary: 'always 0 errors (placeholder)',
    options: '(none)',
    build: () => ({ type: 'raw', errorRatioQuery: `max_over_time(vector(0)${W.slice(0, -1)}:])` }),
  },
  'sloth-common/fake': {
    summary: 'a constant error ratio that burns the budget at burn_rate (testing alert routes)',
    options: 'burn_rate (required), jitter_percent',
    build: (i, p) => {
      const burn = numberOption(i, 'burn_rate', p, true);
      const jitter = numberOption(i, 'jitter_percent', p, false);
      const ratio = ((100 - i.objective) / 100) * burn;
      const base = `max_over_time(vector(${fixed(ratio)})${W.slice(0, -1)}:])`;
      if (!jitter) return { type: 'raw', errorRatioQuery: base };
      // A deterministic wobble of +-jitter% around the ratio, as Sloth's fake plugin does.
      const wobble = `(${fixed(ratio)} * (${fixed(jitter)} - ((time() * minute() * hour() * day_of_week() * month()) % ${fixed(jitter * 2)}))) / 100`;
      return { type: 'raw', errorRatioQuery: `(${base}) - (${wobble})` };
    },
  },
  getting_started_availability: {
    summary: "Sloth's example plugin: HTTP requests of job answered without 5xx/429; needs owner and tier labels",
    options: 'job (required), filter',
    build: (i, p) => {
      for (const label of ['owner', 'tier']) if (!i.labels[label]) p.push({ message: `needs the SLO label ${label} (the plugin requires owner and tier)` });
      const job = requiredOption(i, 'job', p);
      return availability('http_request_duration_seconds_count', [...filterOption(i, p), `job="${job.replace(/"/g, '\\"')}"`], 'code=~"(5..|429)"');
    },
  },
};

export const SLI_PLUGIN_IDS = Object.keys(SLI_PLUGINS);

// Sloth's Go plugin prints %f: six decimals.
function fixed(x: number): string {
  return x.toFixed(6);
}

export type SliPluginResult = { ok: true; sli: SloSli } | { ok: false; problems: SliPluginProblem[] };

export function resolveSliPlugin(id: string, input: SliPluginInput): SliPluginResult {
  const def = SLI_PLUGINS[id];
  if (!def) {
    return {
      ok: false,
      problems: [
        {
          message:
            `SLI plugin "${id}" is not one Runwell implements (Sloth runs SLI plugins as Go code; Runwell re-implements Sloth's common ones: ` +
            'Kubernetes API server, CoreDNS, NGINX ingress, Traefik v1/v2 availability and latency, noop, fake, getting_started_availability): ' +
            'write its queries as sli.events (error_query/total_query) or sli.raw instead',
        },
      ],
    };
  }
  const problems: SliPluginProblem[] = [];
  const sli = def.build(input, problems);
  return problems.length || !sli ? { ok: false, problems } : { ok: true, sli };
}

/** Markdown table rows for docs/slo.md (kept in sync by a test). */
export function sliPluginTable(): string {
  const rows = Object.entries(SLI_PLUGINS).map(([id, d]) => `| \`${id}\` | ${d.options} | ${d.summary} |`);
  return ['| Plugin ID | Options | SLI |', '|---|---|---|', ...rows].join('\n');
}
