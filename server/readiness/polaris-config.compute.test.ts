import { describe, expect, it } from 'vitest';
import { ConfigError, parseReadinessConfig } from './config.compute';
import { activeChecks } from './readiness.compute';
import { checkOf, readySet, readySetWith, reportOf } from './fixtures/builders';
import { POLARIS_CHECK_IDS } from './polaris-config.compute';
import { CHECKS } from './checks/registry.compute';

// A Polaris config file of the shape Polaris documents (every check listed, exemptions by namespace/controller).
const POLARIS_FILE = [
  'displayName: Team config',
  'checks:',
  ...POLARIS_CHECK_IDS.map((id) => `  ${id}: ${id === 'tagNotSpecified' || id === 'runAsRootAllowed' ? 'danger' : 'warning'}`),
  'exemptions:',
  '  - namespace: kube-system',
  '    controllerNames: [kube-proxy, coredns]',
  '    rules: [hostNetworkSet, runAsRootAllowed]',
  '  - controllerNames: [checkout]',
  '    rules: [priorityClassNotSet, clusterrolePodExecAttach]',
  '  - namespace: sandbox',
  'mutations: [pullPolicyNotAlways]',
  '',
].join('\n');

const parse = (text: string) => parseReadinessConfig(text, 'polaris.yaml');
const errorOf = (text: string) => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('Polaris config files', () => {
  it('reads a full Polaris config: listed severities, exemptions by namespace, controller name prefix and rules', () => {
    const config = parse(POLARIS_FILE);
    expect(config.severity.tagNotSpecified).toBe('danger');
    expect(config.severity.priorityClassNotSet).toBe('warning');
    // Polaris lists cpuLimitsMissing: warning, which turns Runwell's "off by policy" check on.
    expect(activeChecks(config).find((c) => c.check.id === 'cpuLimitsMissing')?.severity).toBe('warning');
    expect(config.patternExemptions).toEqual([
      { namespace: 'kube-system', names: ['kube-proxy', 'coredns'], checks: ['hostNetworkSet', 'runAsRootAllowed'] },
      { names: ['checkout'], checks: ['priorityClassNotSet', 'clusterrolePodExecAttach'] },
      { namespace: 'sandbox' },
    ]);
    expect(config.annotationExemptions).toBe(true);
  });

  it('runs only the Polaris checks the file lists (Polaris does not merge --config with its defaults); Runwell checks keep their defaults', () => {
    const config = parse('checks:\n  tagNotSpecified: danger\n  hostPortSet: ignore\n');
    const ids = activeChecks(config).map((c) => c.check.id);
    expect(ids).toContain('tagNotSpecified');
    expect(ids).not.toContain('hostPortSet');
    expect(ids).not.toContain('runAsRootAllowed');
    for (const check of CHECKS.filter((c) => !c.polaris && c.id !== 'cpuLimitsMissing')) expect(ids).toContain(check.id);
  });

  it('lets a Polaris file set Runwell-only checks too', () => {
    expect(parse('checks:\n  zoneSpreadMissing: ignore\n  sloMissing: danger\n')).toMatchObject({ disabled: expect.arrayContaining(['zoneSpreadMissing']), severity: { sloMissing: 'danger' } });
  });

  it('applies its exemptions: name prefix within a namespace, every check when no rules', () => {
    const exempt = parse('checks:\n  priorityClassNotSet: warning\nexemptions:\n  - namespace: payments\n    controllerNames: [check]\n    rules: [priorityClassNotSet]\n');
    const objects = readySetWith((d) => delete d.spec.template.spec.priorityClassName);
    expect(checkOf(objects, 'priorityClassNotSet', { config: exempt })).toMatchObject({ passed: true, exempt: true, message: 'Exempted by the config file' });
    const otherNs = parse('checks:\n  priorityClassNotSet: warning\nexemptions:\n  - namespace: other\n    rules: [priorityClassNotSet]\n');
    expect(checkOf(objects, 'priorityClassNotSet', { config: otherNs })).toMatchObject({ passed: false });
    const everything = parse('checks:\n  priorityClassNotSet: warning\nexemptions:\n  - namespace: payments\n');
    expect(checkOf(objects, 'priorityClassNotSet', { config: everything })?.exempt).toBe(true);
  });

  it('honours disallowAnnotationExemptions and disallowExemptions', () => {
    const annotated = readySetWith((d) => {
      delete d.spec.template.spec.priorityClassName;
      d.metadata.annotations['polaris.fairwinds.com/priorityClassNotSet-exempt'] = 'true';
    });
    expect(checkOf(annotated, 'priorityClassNotSet', { config: parse('checks:\n  priorityClassNotSet: warning\n') })?.exempt).toBe(true);
    expect(checkOf(annotated, 'priorityClassNotSet', { config: parse('checks:\n  priorityClassNotSet: warning\ndisallowAnnotationExemptions: true\n') })?.passed).toBe(false);
    const all = parse('checks:\n  priorityClassNotSet: warning\ndisallowExemptions: true\nexemptions:\n  - namespace: payments\n');
    expect(all.patternExemptions).toEqual([]);
    expect(checkOf(annotated, 'priorityClassNotSet', { config: all })?.passed).toBe(false);
  });

  it('keeps the ready set ready under a Polaris config listing every check', () => {
    const report = reportOf(readySet(), { config: parse(POLARIS_FILE) });
    expect(report!.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report!.checks.map((c) => c.id)).toContain('cpuLimitsMissing');
  });

  // Polaris' own examples/config.yaml before 8.5.4, as many clusters still have it.
  const OLDER_POLARIS_FILE = [
    'checks:',
    '  multipleReplicasForDeployment: warning',
    '  metadataAndNameMismatched: ignore',
    '  notReadOnlyRootFileSystem: warning',
    '  tagNotSpecified: danger',
    'controllersToScan: [Deployments, StatefulSets]',
    'exemptions:',
    '  - controllerNames: [kube-flannel-ds]',
    '    rules: [notReadOnlyRootFileSystem, multipleReplicasForDeployment]',
    '  - controllerNames: [kube-hunter]',
    '    rules: [metadataAndNameMismatched]',
    '',
  ].join('\n');

  it.each([
    { name: 'a renamed id runs the current check with its severity', id: 'deploymentMissingReplicas', active: 'warning' },
    { name: 'the old capitalisation of notReadOnlyRootFilesystem', id: 'notReadOnlyRootFilesystem', active: 'warning' },
    { name: 'a retired id whose meaning changed has no effect (its successor is not listed, so not run)', id: 'metadataAndInstanceMismatched', active: null },
  ])('reads an older Polaris file: $name', ({ id, active }) => {
    const config = parse(OLDER_POLARIS_FILE);
    expect(activeChecks(config).find((c) => c.check.id === id)?.severity ?? null).toBe(active);
  });

  it('maps renamed ids in exemption rules, drops exemptions of retired ones only, and lets the current id win', () => {
    expect(parse(OLDER_POLARIS_FILE).patternExemptions).toEqual([{ names: ['kube-flannel-ds'], checks: ['notReadOnlyRootFilesystem', 'deploymentMissingReplicas'] }]);
    const both = parse('checks:\n  multipleReplicasForDeployment: ignore\n  deploymentMissingReplicas: danger\n');
    expect(activeChecks(both).find((c) => c.check.id === 'deploymentMissingReplicas')?.severity).toBe('danger');
  });

  describe('containerNames: only the named containers are exempt', () => {
    // The ready set's Deployment plus a sidecar without limits, as a service mesh injects it.
    const withSidecar = (limitsOnApp: boolean) =>
      readySetWith((d) => {
        const containers = d.spec.template.spec.containers as Array<Record<string, unknown>>;
        if (!limitsOnApp) delete (containers[0]!.resources as Record<string, unknown>).limits;
        containers.push({ ...containers[0]!, name: 'istio-proxy', resources: {} });
      });
    const config = (rule: string) => parse(`checks:\n  cpuLimitsMissing: warning\n  memoryLimitsMissing: warning\nexemptions:\n  - containerNames: [istio-proxy]\n${rule}`);

    it.each([
      { name: 'the sidecar alone fails: exempt', limitsOnApp: true, rule: '    rules: [cpuLimitsMissing]\n', check: 'cpuLimitsMissing', result: { passed: true, exempt: true, message: 'Exempted by the config file' } },
      { name: 'the app container fails too: still failed', limitsOnApp: false, rule: '    rules: [cpuLimitsMissing]\n', check: 'cpuLimitsMissing', result: { passed: false } },
      { name: 'a check the exemption does not name: still failed', limitsOnApp: true, rule: '    rules: [cpuLimitsMissing]\n', check: 'memoryLimitsMissing', result: { passed: false } },
      { name: 'no rules: every check of the container', limitsOnApp: true, rule: '', check: 'memoryLimitsMissing', result: { passed: true, exempt: true } },
    ])('$name', ({ limitsOnApp, rule, check, result }) => {
      expect(checkOf(withSidecar(limitsOnApp), check, { config: config(rule) })).toMatchObject(result);
    });

    it('a containerNames exemption never exempts the whole workload', () => {
      expect(parse('checks: {}\nexemptions:\n  - containerNames: [istio-proxy]\n').patternExemptions).toEqual([{ containers: ['istio-proxy'] }]);
      expect(checkOf(readySetWith((d) => delete d.spec.template.spec.priorityClassName), 'priorityClassNotSet', { config: parse('checks:\n  priorityClassNotSet: warning\nexemptions:\n  - containerNames: [app]\n') })).toMatchObject({ passed: false });
    });
  });

  it.each([
    { text: 'checks:\n  noSuchCheck: warning\n', error: /polaris\.yaml \(Polaris config\): checks\.noSuchCheck: Unknown check id/ },
    { text: 'checks:\n  hostPortSet: error\n', error: /checks\.hostPortSet: Use ignore, warning or danger/ },
    { text: 'checks: {}\nexemptions:\n  - rules: [typoCheck]\n', error: /exemptions\[0\]\.rules\[0\]: Unknown check id/ },
    { text: 'checks: {}\ncustomChecks:\n  imageRegistry: {}\n', error: /customChecks: custom JSON-schema checks are not supported/ },
    { text: 'checks: {}\nexemptions:\n  - namespaces: [a]\n', error: /exemptions\[0\]\.namespaces: unknown key/ },
    { text: 'checks: {}\ndisallowExemptions: "yes"\n', error: /disallowExemptions:/ },
  ])('refuses $text with the field path', ({ text, error }) => {
    expect(errorOf(text)).toMatch(error);
  });
});
