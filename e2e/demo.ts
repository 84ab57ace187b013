import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eDatabaseUrl } from './db';

// The demo organisation in the e2e database, made the way a new user makes it:
// `runwell seed --demo`, whose printed credentials box is the only place the
// passwords exist. Specs that need it share one seeding per database (a file
// next to the system temp dir, guarded by a mkdir lock against parallel workers).

const ROOT = path.resolve(import.meta.dirname, '..');
export type DemoLogin = { role: string; email: string; password: string };

function cacheFile(): string {
  return path.join(os.tmpdir(), `runwell-e2e-demo-${new URL(e2eDatabaseUrl()).pathname.slice(1)}.json`);
}

export function runwell(args: string[], input?: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'runwell.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Rows of the credentials box: "│ role │ email │ password │". */
export function parseCredentials(out: string): DemoLogin[] {
  return out
    .split('\n')
    .map((line) => line.split('│').map((c) => c.trim()))
    .filter((cells) => cells.length === 5 && cells[2]!.includes('@'))
    .map((cells) => ({ role: cells[1]!, email: cells[2]!, password: cells[3]! }));
}

export async function ensureDemo(): Promise<DemoLogin[]> {
  const file = cacheFile();
  const lock = `${file}.lock`;
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) throw new Error(`demo seed lock ${lock} held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoLogin[];
    const seeded = runwell(['seed', '--demo']);
    if (seeded.code !== 0) throw new Error(`runwell seed --demo failed: ${seeded.out}`);
    const logins = parseCredentials(seeded.out);
    if (logins.length === 0) throw new Error(`runwell seed --demo printed no credentials: ${seeded.out}`);
    writeFileSync(file, JSON.stringify(logins), { mode: 0o600 });
    return logins;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
