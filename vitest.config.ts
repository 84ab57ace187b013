import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// `@/x` resolves to the repository root, as in tsconfig.json's "paths".
const alias = [{ find: /^@\//, replacement: `${root}` }];
const ignored = ['**/node_modules/**', '**/.next/**', 'e2e/**', 'server/generated/**', '**/.runwell/**'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: [...ignored, '**/*.int.test.ts'],
          // Some unit tests spawn real binaries (helm, the CLI, knip): vitest's 5 s
          // default is too tight for them on a loaded two-core CI machine.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          include: ['**/*.int.test.ts'],
          exclude: ignored,
          // One fresh database per run, created and dropped here; each file gets
          // its DATABASE_URL from it before anything imports server/db.ts.
          globalSetup: ['tests/setup/integration.global.ts'],
          setupFiles: ['tests/setup/integration.env.ts'],
          // Files share that database and Postgres' connection limit: one at a time.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
