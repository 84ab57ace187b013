import { describe, expect, it } from 'vitest';
import { ConfigError, parseReadinessConfig } from './config.compute';
import { ManifestError } from './manifests.compute';
import { DEFAULT_CONFIG } from './readiness.schema';

describe('parseReadinessConfig', () => {
  it('reads every field', () => {
    const config = parseReadinessConfig(
      [
        'severity:',
        '  priorityClassNotSet: danger',
        'disabled: [pullPolicyNotAlways]',
        'allowedRegistries: [ghcr.io/org, registry.example.com]',
        'requiredAnnotations: [example.com/cost-center]',
        'cpuLimits: warning',
        'exemptions:',
        '  - kind: Deployment',
        '    namespace: payments',
        '    name: checkout',
        '    checks: [tagNotSpecified]',
        '    expiresAt: 2026-12-31',
        '    reason: vendor image, pinned by digest next sprint',
        '',
      ].join('\n'),
      'readiness.yaml',
    );
    expect(config).toMatchObject({
      severity: { priorityClassNotSet: 'danger' },
      disabled: ['pullPolicyNotAlways'],
      allowedRegistries: ['ghcr.io/org', 'registry.example.com'],
      requiredAnnotations: ['example.com/cost-center'],
      cpuLimits: 'warning',
    });
    // A bare date lasts through that day (UTC).
    expect(config.exemptions[0]!.expiresAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('an empty file is the default config', () => {
    expect(parseReadinessConfig('', 'c.yaml')).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.cpuLimits).toBe('off');
  });

  it.each([
    { label: 'unknown check in severity', text: 'severity:\n  noSuchCheck: danger\n', path: /severity\.noSuchCheck: unknown key/ },
    { label: 'bad severity value', text: 'severity:\n  priorityClassNotSet: critical\n', path: /severity\.priorityClassNotSet: / },
    { label: 'unknown check in disabled', text: 'disabled: [livenessProbeMissing, nope]\n', path: /disabled\[1\]: Unknown check id/ },
    { label: 'unknown field', text: 'registries: [x]\n', path: /^c\.yaml: registries: unknown key/ },
    { label: 'bad cpuLimits', text: 'cpuLimits: always\n', path: /cpuLimits: / },
    { label: 'bad annotation key', text: 'requiredAnnotations: ["not a key"]\n', path: /requiredAnnotations\[0\]: Not a valid annotation key/ },
    { label: 'bad expiry', text: 'exemptions:\n  - {kind: Deployment, name: a, checks: [tagNotSpecified], expiresAt: soon}\n', path: /exemptions\[0\]\.expiresAt: Use an ISO date/ },
  ])('$label: names the field', ({ text, path }) => {
    expect(() => parseReadinessConfig(text, 'c.yaml')).toThrow(ConfigError);
    expect(() => parseReadinessConfig(text, 'c.yaml')).toThrow(path);
  });

  it('YAML errors name the file and line', () => {
    expect(() => parseReadinessConfig('severity:\n  a: b\n c: d\n', 'c.yaml')).toThrow(ManifestError);
    expect(() => parseReadinessConfig('severity:\n  a: b\n c: d\n', 'c.yaml')).toThrow(/^c\.yaml:3/);
  });

  it('refuses an alias without its anchor as a ManifestError, not a crash', () => {
    expect(() => parseReadinessConfig('disabled: *nope\n', 'runwell.yaml')).toThrow(ManifestError);
  });
});
