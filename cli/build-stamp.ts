import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

// Decides whether `runwell serve` must run `next build` before `next start`.
// A content hash (not mtimes: git checkouts and copies rewrite them) of every
// input of the Next build is kept in .runwell/build-stamp.json together with
// the BUILD_ID it produced.

const BUILD_INPUTS = [
  'app',
  'server',
  'components',
  'lib',
  'public',
  'styles',
  'next.config.ts',
  'next.config.mjs',
  'proxy.ts',
  'middleware.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'prisma/schema.prisma',
];

// Files that cannot change what the web build produces.
const IGNORED = /(^|\/)(node_modules|\.next|\.runwell|test-results)(\/|$)|\.(int\.)?test\.tsx?$|(^|\/)\.DS_Store$/;

export type BuildStamp = { sourceHash: string; buildId: string; builtAt: string };

export type BuildDecision =
  | { action: 'reuse' }
  | { action: 'build'; reason: string }
  | { action: 'missing'; reason: string };

// Pure. `skipBuild` is --no-build: the existing build is used even when stale,
// but without any build `next start` cannot run at all.
export function decideBuild(input: {
  buildId: string | null;
  stamp: BuildStamp | null;
  sourceHash: string;
  skipBuild: boolean;
}): BuildDecision {
  const { buildId, stamp, sourceHash, skipBuild } = input;
  if (!buildId) {
    return skipBuild
      ? { action: 'missing', reason: 'there is no Next.js build (.next/BUILD_ID); run without --no-build once' }
      : { action: 'build', reason: 'no build yet' };
  }
  if (skipBuild) return { action: 'reuse' };
  if (!stamp) return { action: 'build', reason: 'the existing build was not made by runwell serve' };
  if (stamp.buildId !== buildId) return { action: 'build', reason: 'the build was replaced since runwell last built it' };
  if (stamp.sourceHash !== sourceHash) return { action: 'build', reason: 'sources changed since the last build' };
  return { action: 'reuse' };
}

function listFiles(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  if (!existsSync(full) || IGNORED.test(rel)) return;
  const stat = statSync(full);
  if (stat.isFile()) {
    out.push(rel);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(full)) listFiles(root, path.posix.join(rel, entry), out);
}

export function sourceHash(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const files: string[] = [];
  for (const input of inputs) listFiles(root, input, files);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(createHash('sha256').update(readFileSync(path.join(root, file))).digest()).update('\0');
  }
  return hash.digest('hex');
}

export function readBuildId(root: string): string | null {
  const file = path.join(root, '.next', 'BUILD_ID');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

export function readStamp(file: string): BuildStamp | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildStamp>;
    return typeof parsed.sourceHash === 'string' && typeof parsed.buildId === 'string'
      ? { sourceHash: parsed.sourceHash, buildId: parsed.buildId, builtAt: String(parsed.builtAt ?? '') }
      : null;
  } catch {
    return null;
  }
}

export function writeStamp(file: string, stamp: BuildStamp): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stamp, null, 2)}\n`);
}
