import { describe, expect, it } from 'vitest';
import { ManifestError, parseFast, parseManifests, parseWithPositions } from './manifests.compute';

const names = (text: string, file = 'x.yaml') =>
  parseManifests(text, file).map((i) => `${i.object.kind}/${i.object.metadata?.name}@${i.source?.line}`);

describe('parseManifests', () => {
  it.each([
    {
      label: 'multi-document YAML with comments and empty documents',
      text: '# rendered\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n---\n# Source: chart/templates/x.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
      expected: ['Service/a@3', 'ConfigMap/b@9'],
    },
    {
      label: 'kind: List',
      text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: d}\n',
      expected: ['Pod/p@4', 'Deployment/d@7'],
    },
    {
      label: 'a typed list (DeploymentList from kubectl get -o yaml)',
      text: 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n',
      expected: ['Deployment/d@4'],
    },
    {
      label: 'a top-level array',
      text: '- {apiVersion: v1, kind: Service, metadata: {name: s}}\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n',
      expected: ['Service/s@1', 'Pod/p@2'],
    },
    {
      label: 'JSON',
      text: '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}\n  ]\n}\n',
      expected: ['Pod/p@5'],
    },
    { label: 'an empty file', text: '', expected: [] },
    { label: 'YAML merge keys (Helm charts use them)', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: {name: merged}\n', expected: ['ConfigMap/merged@1'] },
  ])('$label', ({ text, expected }) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    { label: 'bad indentation', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels: x\n', line: 5 },
    { label: 'a duplicate key', text: 'apiVersion: v1\nkind: Pod\nkind: Service\n', line: 3 },
    { label: 'unclosed flow sequence', text: 'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\nspec: {ports: [80\n', line: 7 },
    { label: 'tab indentation', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n', line: 4 },
    { label: 'broken JSON', text: '{\n  "apiVersion": "v1",\n  "kind": "Pod",,\n}\n', line: 3 },
  ])('$label: names the file and line', ({ text, line }) => {
    try {
      parseManifests(text, 'deploy/app.yaml');
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      const e = error as ManifestError;
      expect(e.file).toBe('deploy/app.yaml');
      expect(e.line).toBe(line);
      expect(e.message).toMatch(new RegExp(`^deploy/app\\.yaml:${line}(:\\d+)?: `));
    }
  });

  it.each([
    { label: 'no kind', text: 'apiVersion: v1\nmetadata: {name: a}\n', line: 1 },
    { label: 'a values file', text: 'replicaCount: 2\nimage:\n  tag: latest\n', line: 1 },
    { label: 'a scalar document', text: 'apiVersion: v1\nkind: Pod\n---\njust text\n', line: 4 },
    { label: 'a List item without kind', text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    metadata: {}\n', line: 4 },
  ])('$label is not a Kubernetes object', ({ text, line }) => {
    expect(() => parseManifests(text, 'f.yaml')).toThrow(
      new RegExp(`^f\\.yaml:${line}: not a Kubernetes object`),
    );
  });
});

describe('the fast path agrees with the position-tracking parser', () => {
  const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;
  it.each([
    ['one object', cm('a')],
    ['a stream with comments and empty documents', `# header\n---\n${cm('a')}---\n\n---\n# only a comment\n---\n${cm('b')}`],
    ['document markers with comments', `--- # first\n${cm('a')}--- # second\n${cm('b')}`],
    ['CRLF line ends', `${cm('a')}---\n${cm('b')}`.replaceAll('\n', '\r\n')],
    ['a List at indent 0', `apiVersion: v1\nkind: List\nitems:\n- ${cm('a').replaceAll('\n', '\n  ').trimEnd()}\n- ${cm('b').replaceAll('\n', '\n  ').trimEnd()}\n`],
    ['a List at indent 2', `apiVersion: v1\nkind: List\nitems:\n  - ${cm('a').replaceAll('\n', '\n    ').trimEnd()}\n  - ${cm('b', 'data:\n  k: |\n    ---\n    - x\n').replaceAll('\n', '\n    ').trimEnd()}\nmetadata: {}\n`],
    ['nested sequences inside objects', cm('a', 'data:\n  list: |\n    - a\n    - b\n')],
    ['merge keys (slow path only)', `${cm('a', 'x: &x {a: 1}\ny:\n  <<: *x\n')}`],
  ])('%s', (label, text) => {
    expect(parseFast(text, 'f.yaml') === null).toBe(label.includes('slow path only'));
    const describeItems = (items: ReturnType<typeof parseManifests>) =>
      items.map((i) => ({ object: i.object, line: i.source?.line }));
    expect(describeItems(parseManifests(text, 'f.yaml'))).toEqual(describeItems(parseWithPositions(text, 'f.yaml')));
  });
});
