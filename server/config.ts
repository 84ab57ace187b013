import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseAddressList, parseTrustedProxies } from './security/client-address';

// Every setting Runwell reads, with its default. docs/ops.md and the README list
// the same table; keep them in step.
const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  RUNWELL_SECRET_KEY: z.string().optional(),
  RUNWELL_SECRET_KEY_PREVIOUS: z.string().optional(),
  RUNWELL_DB_POOL: z.coerce.number().int().min(1).max(100).default(10),
  // /metrics: bearer token for remote scrapers; without it, loopback only.
  RUNWELL_METRICS_TOKEN: z.string().min(16).optional(),
  // Reverse proxies whose X-Forwarded-For / Forwarded / X-Real-IP are believed
  // (comma-separated addresses or CIDRs). Empty: proxy headers are ignored and
  // the client is the TCP peer. See server/security/client-address.ts.
  RUNWELL_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  // Server-side requests to addresses users enter (cluster and data-source
  // tests and collectors, webhooks, SMTP): private and loopback targets allowed
  // or refused; link-local and cloud metadata addresses are always refused
  // unless RUNWELL_OUTBOUND_ALLOW (addresses or CIDRs) names them.
  // See server/security/outbound.ts and docs/ops.md.
  RUNWELL_OUTBOUND_PRIVATE: z.enum(['allow', 'deny']).default('allow'),
  RUNWELL_OUTBOUND_ALLOW: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseAddressList(value, 'RUNWELL_OUTBOUND_ALLOW');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  // Ceiling on password checks (scrypt) per second per web process, so sign-in
  // attempts cannot take all the CPU; attempts over it wait up to 2 s, then fail.
  RUNWELL_PASSWORD_CHECKS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
  // Set by `runwell serve` to the address the web process binds.
  RUNWELL_LISTEN_HOST: z.string().optional(),
  RUNWELL_DATA_DIR: z.string().default('.runwell'),
  RUNWELL_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  // Days of SLO day roll-ups (SloSliDay) kept; whole monthly partitions older
  // than this are dropped daily (server/slo/slo-partitions.*). Never applied
  // below the bucket retention (longest SLO window + 7 days).
  RUNWELL_SLO_DAY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  RUNWELL_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // In-cluster registration: where the pod's service account files are (read
  // by server/integrations/kubernetes/client.ts, default the standard path).
  RUNWELL_SERVICE_ACCOUNT_DIR: z.string().optional(),
  // `runwell worker`: port of its /api/health and /metrics (--health-port).
  RUNWELL_WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // Cluster leases of the inventory collectors (server/inventory/lease.compute.ts):
  // a dead worker's clusters are taken over within this TTL plus one supervisor
  // tick (half the TTL, at most 15 s). Shorter means faster takeover and more
  // lease writes; every worker of one installation must use the same value.
  RUNWELL_CLUSTER_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
  // `runwell serve`: V8's old-space limit of the web process in MiB (--max-old-space-size).
  // Unset: 320, or less where the memory is small (cli/web-memory.ts, defaultWebHeapMb);
  // 0 leaves Node's own sizing (a quarter of the machine's or the container's memory).
  RUNWELL_WEB_HEAP_MB: z.coerce.number().int().min(0).max(65536).optional(),
  // `runwell serve`: the web process's malloc (cli/web-memory.ts). Unset: jemalloc
  // when the system has it (Debian's libjemalloc2), else glibc's; `off`: glibc's;
  // a path: that jemalloc library.
  RUNWELL_WEB_JEMALLOC: z.string().min(1).optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_DEFAULT_ROLE: z.enum(['viewer', 'engineer', 'incident_commander', 'executive', 'admin']).default('viewer'),
});

export type RunwellEnv = z.infer<typeof envSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): RunwellEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  return parsed.data;
}

export function dataDir(env: RunwellEnv = readEnv()): string {
  return path.resolve(env.RUNWELL_DATA_DIR);
}

type Secrets = { NEXTAUTH_SECRET: string; RUNWELL_SECRET_KEY: string };

// A first start on a fresh machine must work without configuration, so missing
// secrets are generated once and kept (mode 0600) under the data dir. Production
// deployments set them in the environment instead.
export function ensureSecrets(env: RunwellEnv = readEnv()): Secrets {
  const file = path.join(dataDir(env), 'secrets.json');
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  const secrets: Secrets = {
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? stored.NEXTAUTH_SECRET ?? randomBytes(32).toString('base64url'),
    RUNWELL_SECRET_KEY: env.RUNWELL_SECRET_KEY ?? stored.RUNWELL_SECRET_KEY ?? randomBytes(32).toString('base64'),
  };
  const needsWrite =
    (!env.NEXTAUTH_SECRET && !stored.NEXTAUTH_SECRET) || (!env.RUNWELL_SECRET_KEY && !stored.RUNWELL_SECRET_KEY);
  if (needsWrite) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets;
}
