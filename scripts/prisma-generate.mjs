// `prisma generate` only checks that a schema engine binary exists; it does not
// run it. Our machines cannot download the engine, so point it at any existing
// executable (see docs/architecture.md, "Migrations without Prisma's engine").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Run by `npm install` (postinstall), `npm run generate` and, when the client
// is missing, by bin/runwell.mjs: so it finds Prisma's CLI itself instead of
// relying on node_modules/.bin being on PATH.
const root = fileURLToPath(new URL('..', import.meta.url));
const prismaCli = `${root}node_modules/prisma/build/index.js`;

const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)
      ? process.env.PRISMA_SCHEMA_ENGINE_BINARY
      : process.execPath,
};
const result = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env, shell: false });
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? '');
  process.exit(result.status ?? 1);
}
