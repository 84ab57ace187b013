import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The dependency direction is only as good as the lint rule that enforces it:
// each case lints a one-line file at a path and checks the verdict.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).some((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
}

describe('lint: dependency direction', () => {
  // The first lint loads typescript-eslint (seconds on a busy machine): not a test's time.
  beforeAll(() => restricted('server/x.ts', ''), 60_000);

  it.each([
    // Prisma, pg and the client instance: data layer only
    { file: 'server/users/users.service.ts', code: "import { getPrisma as x } from '../db';", blocked: true },
    { file: 'server/users/users.service.ts', code: "import { getPrisma as x } from '@/server/db';", blocked: true },
    { file: 'server/users/users.service.ts', code: "import x from 'pg';", blocked: true },
    { file: 'server/users/users.service.ts', code: "import { PrismaPg as x } from '@prisma/adapter-pg';", blocked: true },
    { file: 'server/users/users.service.ts', code: "import { Prisma as x } from '../generated/prisma/client';", blocked: true },
    { file: 'server/users/users.router.ts', code: "import { getPrisma as x } from '../db';", blocked: true },
    { file: 'app/api/x/route.ts', code: "import { getPrisma as x } from '@/server/db';", blocked: true },
    { file: 'workers/sync.ts', code: "import x from 'pg';", blocked: true },
    { file: 'cli/commands/x.ts', code: "import { getPrisma as x } from '@/server/db';", blocked: true },
    { file: 'server/users/users.service.ts', code: "import { db as x } from '../database/tx';", blocked: false },
    { file: 'server/users/users.service.ts', code: "import * as x from './users.repo';", blocked: false },
    { file: 'server/users/users.repo.ts', code: "import { Prisma as x } from '../generated/prisma/client';", blocked: false },
    { file: 'server/db.ts', code: "import { PrismaPg as x } from '@prisma/adapter-pg';", blocked: false },
    { file: 'server/database/migrate.repo.ts', code: "import x from 'pg';", blocked: false },
    { file: 'server/jobs/boss.ts', code: "import x from 'pg';", blocked: false },
    { file: 'tests/setup/db.ts', code: "import { getPrisma as x } from '@/server/db';", blocked: false },
    { file: 'server/users/users.service.int.test.ts', code: "import { getPrisma as x } from '../db';", blocked: false },
    { file: 'server/users/users.service.ts', code: "import x from 'pg-boss';", blocked: false },
    // components: only *.schema, *.compute, the kernel server/lib and errors from server/
    { file: 'components/x/Form.tsx', code: "import { createUserSchema as x } from '@/server/users/users.schema';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import { can as x } from '@/server/lib/roles';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import { DomainError as x } from '@/server/errors';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import type { AppRouter as x } from '@/server/trpc/root';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import { appRouter as x } from '@/server/trpc/root';", blocked: true },
    { file: 'components/x/Form.tsx', code: "import { createUser as x } from '@/server/users/users.service';", blocked: true },
    { file: 'components/x/Form.tsx', code: "import { hashPassword as x } from '@/server/users/password';", blocked: true },
    { file: 'components/x/Form.tsx', code: "import { listUsers as x } from '../../server/users/users.repo';", blocked: true },
    { file: 'components/x/Form.tsx', code: "import { getPrisma as x } from '@/server/db';", blocked: true },
    { file: 'components/x/Form.tsx', code: "import { Button as x } from '@/components/ui/Button';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import { BAND_ORDER as x } from '@/server/lib/policy-bands';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import { webhookUrl as x } from '@/server/alerts/receiver-config.compute';", blocked: false },
    { file: 'components/x/Form.tsx', code: "import { recordAudit as x } from '@/server/audit/audit.service';", blocked: true },
    // the kernel: pure, and no domain
    { file: 'server/lib/kube.ts', code: "import { SERVICE_MAP_KEYS as x } from './kube-conventions';", blocked: false },
    { file: 'server/lib/authorize.ts', code: "import { DomainError as x } from '../errors';", blocked: false },
    { file: 'server/lib/authorize.ts', code: "import { DomainError as x } from '@/server/errors';", blocked: false },
    { file: 'server/lib/kube.ts', code: "import { z as x } from 'zod';", blocked: false },
    { file: 'server/lib/kube.ts', code: "import { WORKLOAD_KINDS as x } from '../readiness/workload.compute';", blocked: true },
    { file: 'server/lib/kube.ts', code: "import type { SloDto as x } from '../slo/slo.schema';", blocked: true },
    { file: 'server/lib/kube.ts', code: "import { listSlos as x } from '@/server/slo/slo.service';", blocked: true },
    { file: 'server/lib/kube.ts', code: "import { Button as x } from '@/components/ui/Button';", blocked: true },
    { file: 'server/lib/kube.ts', code: "import { readFileSync as x } from 'node:fs';", blocked: true },
    { file: 'server/lib/kube.ts', code: "import { getPrisma as x } from '../db';", blocked: true },
    // *.compute.ts: pure
    { file: 'server/slo/slo.compute.ts', code: "import { findSlo as x } from './slo.repo';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import { getSlo as x } from './slo.service';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import { db as x } from '../database/tx';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import { getPrisma as x } from '../db';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import { readFileSync as x } from 'node:fs';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import { readFile as x } from 'node:fs/promises';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import x from 'pg';", blocked: true },
    { file: 'server/database/migrate.compute.ts', code: "import x from 'pg';", blocked: true },
    { file: 'server/slo/slo.compute.ts', code: "import { createHash as x } from 'node:crypto';", blocked: false },
    { file: 'server/slo/slo.compute.ts', code: "import { z as x } from 'zod';", blocked: false },
    { file: 'server/slo/slo.compute.ts', code: "import type { SloDto as x } from './slo.schema';", blocked: false },
  ])('$file: $code -> blocked $blocked', async ({ file, code, blocked }) => {
    expect(await restricted(file, code)).toBe(blocked);
  }, 30_000);
});
