import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml and the Dockerfile cannot be run here (no Docker engine),
// so their contract is pinned by reading them.
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string> | string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
};
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;

const envOf = (service: Service): Record<string, string> =>
  Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((e) => [e.split('=')[0]!, e.split('=').slice(1).join('=')]))
    : Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));

const argv = (command: string[] | string | undefined) => (Array.isArray(command) ? command : (command ?? '').split(/\s+/).filter(Boolean));

// `node bin/runwell.mjs <sub> ...`: the script exists and registers <sub>.
function cliSources(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, 'cli'));
  return files.join('\n');
}

function expectRunnable(command: string[]) {
  expect(command[0]).toBe('node');
  const script = command[1]!;
  expect(existsSync(path.join(root, script)), `${script} exists`).toBe(true);
  const sub = command[2];
  if (sub && !sub.startsWith('-')) {
    expect(cliSources(), `the CLI registers "${sub}"`).toMatch(new RegExp(`\\.command\\(['"]${sub}['"]\\)`));
  }
}

describe('docker-compose.yml', () => {
  it('has postgres, web and worker', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'web', 'worker']);
  });

  it('runs PostgreSQL 16 with a named volume and a pg_isready health check', () => {
    const pg = services.postgres!;
    expect(pg.image).toMatch(/^postgres:16(\b|$)/);
    const [volume] = pg.volumes ?? [];
    const [name, mount] = volume!.split(':');
    expect(mount).toBe('/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty(name!);
    expect(argv(pg.healthcheck?.test).join(' ')).toContain('pg_isready');
  });

  it('web builds the image, serves without building, on port 3000, after postgres is healthy', () => {
    const web = services.web!;
    expect(web.build).toBeTruthy();
    expect(argv(web.command)).toEqual(['node', 'bin/runwell.mjs', 'serve', '--no-build']);
    expect(web.ports?.some((p) => /:3000$/.test(p))).toBe(true);
    expect(web.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(envOf(web)).toMatchObject({ HOST: '0.0.0.0', PORT: '3000' });
    expect(envOf(web).DATABASE_URL).toMatch(/@postgres:5432\/runwell$/);
  });

  it('worker runs the same image as web', () => {
    const worker = services.worker!;
    expect(worker.image ?? worker.build).toEqual(services.web!.image ?? services.web!.build);
    expect(argv(worker.command)).toEqual(['node', 'bin/runwell.mjs', 'worker']);
    expect(worker.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(envOf(worker).DATABASE_URL).toBe(envOf(services.web!).DATABASE_URL);
  });

  it('holds no secret: every secret is a required variable from the environment', () => {
    const required = /^\$\{[A-Z][A-Z0-9_]*:\?[^}]*\}$/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(envOf(service))) {
        if (/PASSWORD|SECRET|TOKEN|_KEY$/.test(key)) expect(value, `${name}.${key}`).toMatch(required);
        const url = /^[a-z]+:\/\/([^@/]*)@/.exec(value);
        if (url) {
          const password = url[1]!.split(':').slice(1).join(':');
          expect(password, `${name}.${key} password`).toMatch(required);
        }
      }
    }
    expect(read('docker-compose.yml')).not.toMatch(/(password|secret)\s*[:=]\s*['"]?(?!\$\{)[A-Za-z0-9+/_-]{6,}/i);
  });

  it('commands point at files and CLI commands that exist', () => {
    expectRunnable(argv(services.web!.command));
    expectRunnable(argv(services.worker!.command));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const froms = lines.filter((l) => /^FROM /i.test(l));
  const lastStage = lines.slice(lines.lastIndexOf(froms.at(-1)!));

  it('is multi-stage on node:24-bookworm-slim', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM (node:24-bookworm-slim|\w+)( AS \w+)?$/i);
    expect(froms[0]).toMatch(/node:24-bookworm-slim/);
    expect(froms.at(-1)).toMatch(/node:24-bookworm-slim/);
  });

  it('installs locked dependencies and builds', () => {
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/npm run build\b/);
  });

  it('gives the runtime the jemalloc that runwell serve preloads into the web process', () => {
    expect(lastStage.some((l) => /^RUN .*apt-get install .*\blibjemalloc2\b/.test(l))).toBe(true);
  });

  it('runs as a non-root user', () => {
    const user = lastStage.filter((l) => /^USER /i.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/i);
  });

  it('CMD/ENTRYPOINT run commands that exist in the repository', () => {
    const entries = lastStage.filter((l) => /^(CMD|ENTRYPOINT) /i.test(l));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const json = entry.replace(/^(CMD|ENTRYPOINT)\s+/i, '');
      expect(json.startsWith('['), 'exec form, so signals reach node').toBe(true);
      expectRunnable(JSON.parse(json) as string[]);
    }
  });

  it('does not ship local state into the image', () => {
    const ignore = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.next', '.git', '.env', '.runwell']) expect(ignore).toContain(entry);
  });
});
