// ESLint 9 flat config. Besides typescript-eslint's recommended rules it pins
// the dependency direction of docs/architecture.md with no-restricted-imports:
//   - only repos, server/db.ts, server/database/**, server/jobs/**, prisma/ and
//     tests touch Prisma, pg or the Prisma client instance;
//   - components/ import nothing from server/ but *.schema, *.compute (pure),
//     the kernel server/lib and errors (type-only imports, e.g. the tRPC
//     AppRouter type, are erased and allowed);
//   - *.compute.ts stays pure: no repo, service, db, pg or file system;
//   - server/lib/ (the shared kernel) is pure too and imports no domain.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DATA_LAYER = {
  group: ['@prisma/*', 'pg', '**/generated/prisma', '**/generated/prisma/**', '@/server/db', '**/server/db', '../db', './db', '../../db'],
  message:
    'Only server/**/*.repo.ts, server/db.ts, server/database/**, server/jobs/** and tests may use Prisma or pg; go through a service (or a repo from a service).',
};

const COMPONENTS = {
  // gitignore-style groups cannot re-include a file below an excluded folder, hence a regex.
  regex: String.raw`^(@/|(\.\./)+)server/(?!lib/|.*\.schema$|.*\.compute$|errors$)`,
  message: 'components/ may import only *.schema, *.compute, server/lib/* and server/errors from server/ (call tRPC for the rest).',
};

const COMPUTE = {
  group: [
    '**/*.repo',
    '**/*.service',
    '**/*.router',
    '**/db',
    '**/database/tx',
    'node:fs',
    'node:fs/*',
    'fs',
    'fs/*',
    'node:child_process',
    'node:net',
    'node:http',
    'node:https',
  ],
  message: '*.compute.ts is pure: no repos, services, database or I/O. Pass data (and `now`) in.',
};

const KERNEL = {
  // From server/lib/x.ts: './y' (the kernel) and '../errors' only; no domain, by path or by alias.
  regex: String.raw`^(\.\./(?!errors$)|@/(?!server/lib/|server/errors$))`,
  message:
    'server/lib/ is the shared kernel: it imports only server/lib/*, server/errors and libraries, never a domain. Move the shared piece into server/lib/, or keep the domain-specific one in its domain.',
};

const DATA_LAYER_ALLOWED = [
  'server/**/*.repo.ts',
  'server/db.ts',
  'server/database/**',
  'server/jobs/**',
  'prisma/**',
  'tests/**',
  '**/*.test.ts',
  'e2e/**',
  'scripts/**',
  '*.config.ts',
  '*.config.mjs',
];

const restrict = (...patterns) => ['error', { patterns }];
const restrictAllowingTypes = (...patterns) => ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }];

export default tseslint.config(
  {
    ignores: [
      'server/generated/**',
      '.next/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.runwell/**',
      'next-env.d.ts',
      '**/*.tsbuildinfo',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-undef': 'off', // TypeScript checks this, with the right globals
      // `let x; const f = () => x?.y(); x = make(f);` is a legitimate pattern.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests poke at untyped JSON (API answers, reports); `any` is fine there.
    files: ['**/*.test.ts', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    ignores: DATA_LAYER_ALLOWED,
    rules: { '@typescript-eslint/no-restricted-imports': restrict(DATA_LAYER) },
  },
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': restrictAllowingTypes(DATA_LAYER, COMPONENTS) },
  },
  {
    files: ['**/*.compute.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(DATA_LAYER, COMPUTE) },
  },
  {
    files: ['server/lib/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(DATA_LAYER, COMPUTE, KERNEL) },
  },
);
