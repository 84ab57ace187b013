#!/usr/bin/env node
// Writes the Helm chart's Prometheus rules for Runwell's own SLOs with Runwell's
// own Sloth-compatible generator (`runwell slo rules`), from
// deploy/helm/runwell/files/slos.yaml into files/slo-rules.yaml.
//   node scripts/helm-slo-rules.mjs           # regenerate
//   node scripts/helm-slo-rules.mjs --check   # exit 1 when the committed file differs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chart = path.join(root, 'deploy', 'helm', 'runwell');
const source = path.join(chart, 'files', 'slos.yaml');
const target = path.join(chart, 'files', 'slo-rules.yaml');

const generated = execFileSync(process.execPath, [path.join(root, 'bin', 'runwell.mjs'), 'slo', 'rules', source, '--format', 'prometheus'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing: reported below
  }
  if (committed !== generated) {
    process.stderr.write(`${path.relative(root, target)} differs from the generator's output; run node scripts/helm-slo-rules.mjs\n`);
    process.exit(1);
  }
  process.stdout.write(`${path.relative(root, target)} is up to date\n`);
} else {
  writeFileSync(target, generated);
  process.stdout.write(`wrote ${path.relative(root, target)} (${generated.split('\n').length} lines)\n`);
}
