import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveSliPlugin, SLI_PLUGIN_IDS, sliPluginTable } from './sli-plugins.compute';

const run = (id: string, options: Record<string, string | undefined> = {}, labels: Record<string, string> = { owner: 'a', tier: '1' }, objective = 99.9) =>
  resolveSliPlugin(id, { options: Object.fromEntries(Object.entries(options).filter((e): e is [string, string] => e[1] !== undefined)), labels, objective });

describe('SLI plugins: same IDs and options as Sloth, native queries', () => {
  it.each([
    {
      id: 'sloth-common/kubernetes/apiserver/availability',
      options: { filter: '{cluster="a"}' },
      sli: { type: 'events', errorQuery: 'sum(rate(apiserver_request_total{cluster="a",code=~"(5..|429)"}[{{.window}}]))', totalQuery: 'sum(rate(apiserver_request_total{cluster="a"}[{{.window}}]))' },
    },
    {
      id: 'sloth-common/kubernetes/apiserver/latency',
      options: { bucket: '0.4' },
      sli: {
        type: 'goodEvents',
        goodQuery: 'sum(rate(apiserver_request_duration_seconds_bucket{verb!="WATCH",le="0.4"}[{{.window}}]))',
        totalQuery: 'sum(rate(apiserver_request_duration_seconds_count{verb!="WATCH"}[{{.window}}]))',
      },
    },
    {
      id: 'sloth-common/coredns/availability',
      options: {},
      sli: { type: 'events', errorQuery: 'sum(rate(coredns_dns_responses_total{rcode=~"SERVFAIL"}[{{.window}}]))', totalQuery: 'sum(rate(coredns_dns_responses_total{}[{{.window}}]))' },
    },
    {
      id: 'sloth-common/coredns/availability',
      options: { custom_rcode_regex: 'SERVFAIL|REFUSED', filter: 'server="dns://:53",' },
      sli: {
        type: 'events',
        errorQuery: 'sum(rate(coredns_dns_responses_total{server="dns://:53",rcode=~"SERVFAIL|REFUSED"}[{{.window}}]))',
        totalQuery: 'sum(rate(coredns_dns_responses_total{server="dns://:53"}[{{.window}}]))',
      },
    },
    {
      id: 'sloth-common/coredns/latency',
      options: { bucket: '0.25' },
      sli: { type: 'goodEvents', goodQuery: 'sum(rate(coredns_dns_request_duration_seconds_bucket{le="0.25"}[{{.window}}]))', totalQuery: 'sum(rate(coredns_dns_request_duration_seconds_count{}[{{.window}}]))' },
    },
    {
      id: 'sloth-common/kubernetes/nginx-ingress/availability',
      options: { filter: 'ingress="shop"' },
      sli: { type: 'events', errorQuery: 'sum(rate(nginx_ingress_controller_requests{ingress="shop",status=~"(5..|429)"}[{{.window}}]))', totalQuery: 'sum(rate(nginx_ingress_controller_requests{ingress="shop"}[{{.window}}]))' },
    },
    {
      id: 'sloth-common/traefik/v1/availability',
      options: { backend_regex: '^shop$' },
      sli: { type: 'events', errorQuery: 'sum(rate(traefik_backend_requests_total{backend=~"^shop$",code=~"(5..|429)"}[{{.window}}]))', totalQuery: 'sum(rate(traefik_backend_requests_total{backend=~"^shop$"}[{{.window}}]))' },
    },
    {
      id: 'sloth-common/traefik/v1/latency',
      options: { backend_regex: 'shop', bucket: '0.5', exclude_errors: 'true' },
      sli: {
        type: 'goodEvents',
        goodQuery: 'sum(rate(traefik_backend_request_duration_seconds_bucket{backend=~"shop",code!~"5..",le="0.5"}[{{.window}}]))',
        totalQuery: 'sum(rate(traefik_backend_request_duration_seconds_count{backend=~"shop",code!~"5.."}[{{.window}}]))',
      },
    },
    {
      id: 'sloth-common/traefik/v2/availability',
      options: { service_name_regex: 'shop@k8s' },
      sli: { type: 'events', errorQuery: 'sum(rate(traefik_service_requests_total{service=~"shop@k8s",code=~"(5..)"}[{{.window}}]))', totalQuery: 'sum(rate(traefik_service_requests_total{service=~"shop@k8s"}[{{.window}}]))' },
    },
    {
      id: 'sloth-common/traefik/v2/latency',
      options: { service_name_regex: 'shop', bucket: '1' },
      sli: { type: 'goodEvents', goodQuery: 'sum(rate(traefik_service_request_duration_seconds_bucket{service=~"shop",le="1"}[{{.window}}]))', totalQuery: 'sum(rate(traefik_service_request_duration_seconds_count{service=~"shop"}[{{.window}}]))' },
    },
    { id: 'sloth-common/noop', options: {}, sli: { type: 'raw', errorRatioQuery: 'max_over_time(vector(0)[{{.window}}:])' } },
    { id: 'sloth-common/fake', options: { burn_rate: '2' }, sli: { type: 'raw', errorRatioQuery: 'max_over_time(vector(0.002000)[{{.window}}:])' } },
    {
      id: 'getting_started_availability',
      options: { job: 'myservice', filter: 'f1="v1",f2="v2"' },
      sli: {
        type: 'events',
        errorQuery: 'sum(rate(http_request_duration_seconds_count{f1="v1",f2="v2",job="myservice",code=~"(5..|429)"}[{{.window}}]))',
        totalQuery: 'sum(rate(http_request_duration_seconds_count{f1="v1",f2="v2",job="myservice"}[{{.window}}]))',
      },
    },
  ])('$id $options', ({ id, options, sli }) => {
    expect(run(id, options)).toEqual({ ok: true, sli });
  });

  it('fake with jitter wobbles around the ratio', () => {
    const r = run('sloth-common/fake', { burn_rate: '10', jitter_percent: '5' });
    expect(r.ok && r.sli.type === 'raw' && r.sli.errorRatioQuery).toBe(
      '(max_over_time(vector(0.010000)[{{.window}}:])) - ((0.010000 * (5.000000 - ((time() * minute() * hour() * day_of_week() * month()) % 10.000000))) / 100)',
    );
  });

  it.each([
    { id: 'sloth-common/kubernetes/apiserver/latency', options: {}, problems: [{ option: 'bucket', message: 'is required' }] },
    { id: 'sloth-common/coredns/latency', options: { bucket: 'x' }, problems: [{ option: 'bucket', message: 'must be a number, the le label of a histogram bucket (got x)' }] },
    { id: 'sloth-common/traefik/v2/availability', options: {}, problems: [{ option: 'service_name_regex', message: 'is required (a regular expression)' }] },
    { id: 'sloth-common/traefik/v1/availability', options: { backend_regex: '(' }, problems: [{ option: 'backend_regex', message: 'is not a valid regular expression: (' }] },
    { id: 'sloth-common/traefik/v1/latency', options: { backend_regex: 'a', bucket: '1', exclude_errors: 'maybe' }, problems: [{ option: 'exclude_errors', message: 'must be true or false' }] },
    { id: 'sloth-common/kubernetes/apiserver/availability', options: { filter: 'job=api' }, problems: [{ option: 'filter', message: 'must be Prometheus label matchers such as job="api",env=~"prod|stage" (cannot read "job=api")' }] },
    { id: 'sloth-common/fake', options: { burn_rate: 'fast' }, problems: [{ option: 'burn_rate', message: 'must be a number (got fast)' }] },
  ])('$id $options is refused with the option named', ({ id, options, problems }) => {
    expect(run(id, options)).toEqual({ ok: false, problems });
  });

  it('getting_started_availability needs the owner and tier labels, as Sloth\'s example plugin does', () => {
    expect(run('getting_started_availability', { job: 'x' }, { owner: 'a' })).toEqual({
      ok: false,
      problems: [{ message: 'needs the SLO label tier (the plugin requires owner and tier)' }],
    });
  });

  it('refuses other IDs, naming them', () => {
    const r = run('sloth-common/istio/v1/latency');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]!.message).toMatch(/^SLI plugin "sloth-common\/istio\/v1\/latency" is not one Runwell implements/);
  });

  it('docs/slo.md lists every plugin', () => {
    const docs = readFileSync('docs/slo.md', 'utf8');
    expect(docs).toContain(sliPluginTable());
    expect(SLI_PLUGIN_IDS).toHaveLength(12);
  });
});
