import { describe, expect, it } from 'vitest';
import { readEnv as readConfig } from './config';

// Next.js' types make NODE_ENV required on ProcessEnv; these tests pass partial environments.
const readEnv = (vars: Record<string, string | undefined>) => readConfig(vars as NodeJS.ProcessEnv);

describe('readEnv', () => {
  it('fills in defaults from an empty environment', () => {
    expect(readEnv({})).toEqual({
      HOST: '127.0.0.1',
      PORT: 3000,
      RUNWELL_DATA_DIR: '.runwell',
      RUNWELL_DB_POOL: 10,
      RUNWELL_PASSWORD_CHECKS_PER_SECOND: 10,
      RUNWELL_OUTBOUND_PRIVATE: 'allow',
      RUNWELL_WORKERS: 1,
      RUNWELL_SLO_DAY_RETENTION_DAYS: 400,
      RUNWELL_LOG_LEVEL: 'info',
      RUNWELL_CLUSTER_LEASE_SECONDS: 30,
      OIDC_DEFAULT_ROLE: 'viewer',
    });
  });

  it('treats empty strings as unset', () => {
    expect(readEnv({ PORT: '', DATABASE_URL: '', NEXTAUTH_SECRET: '' })).toMatchObject({ PORT: 3000 });
    expect(readEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('coerces numbers and keeps valid values', () => {
    const env = readEnv({
      PORT: '8080',
      RUNWELL_WORKERS: '0',
      RUNWELL_SLO_DAY_RETENTION_DAYS: '800',
      RUNWELL_LOG_LEVEL: 'debug',
      NEXTAUTH_URL: 'https://runwell.example.com',
      NEXTAUTH_SECRET: 'x'.repeat(32),
      OIDC_DEFAULT_ROLE: 'engineer',
      UNRELATED: 'ignored',
    });
    expect(env).toMatchObject({ PORT: 8080, RUNWELL_WORKERS: 0, RUNWELL_SLO_DAY_RETENTION_DAYS: 800, RUNWELL_LOG_LEVEL: 'debug', OIDC_DEFAULT_ROLE: 'engineer' });
    expect(readEnv({ RUNWELL_CLUSTER_LEASE_SECONDS: '6' }).RUNWELL_CLUSTER_LEASE_SECONDS).toBe(6);
    expect(readEnv({ RUNWELL_WEB_HEAP_MB: '320' }).RUNWELL_WEB_HEAP_MB).toBe(320);
    expect(env).not.toHaveProperty('UNRELATED');
  });

  it('keeps the outbound address policy', () => {
    expect(readEnv({ RUNWELL_OUTBOUND_PRIVATE: 'deny', RUNWELL_OUTBOUND_ALLOW: '169.254.169.254, 10.0.0.0/8, fd00::/8' })).toMatchObject({
      RUNWELL_OUTBOUND_PRIVATE: 'deny',
      RUNWELL_OUTBOUND_ALLOW: '169.254.169.254, 10.0.0.0/8, fd00::/8',
    });
  });

  it.each([
    { env: { PORT: '0' }, message: /^Invalid configuration: PORT: / },
    { env: { PORT: '65536' }, message: /PORT: / },
    { env: { PORT: 'eighty' }, message: /PORT: / },
    { env: { PORT: '80.5' }, message: /PORT: / },
    { env: { RUNWELL_WORKERS: '17' }, message: /RUNWELL_WORKERS: / },
    { env: { RUNWELL_WORKERS: '-1' }, message: /RUNWELL_WORKERS: / },
    { env: { RUNWELL_LOG_LEVEL: 'verbose' }, message: /RUNWELL_LOG_LEVEL: / },
    { env: { NEXTAUTH_URL: 'not a url' }, message: /NEXTAUTH_URL: / },
    { env: { NEXTAUTH_SECRET: 'short' }, message: /NEXTAUTH_SECRET: / },
    { env: { OIDC_ISSUER: 'issuer' }, message: /OIDC_ISSUER: / },
    { env: { OIDC_DEFAULT_ROLE: 'root' }, message: /OIDC_DEFAULT_ROLE: / },
    { env: { RUNWELL_DB_POOL: '0' }, message: /RUNWELL_DB_POOL: / },
    { env: { RUNWELL_SLO_DAY_RETENTION_DAYS: '0' }, message: /RUNWELL_SLO_DAY_RETENTION_DAYS: / },
    { env: { RUNWELL_WEB_HEAP_MB: '-1' }, message: /RUNWELL_WEB_HEAP_MB: / },
    { env: { RUNWELL_SLO_DAY_RETENTION_DAYS: '400d' }, message: /RUNWELL_SLO_DAY_RETENTION_DAYS: / },
    { env: { RUNWELL_DB_POOL: '101' }, message: /RUNWELL_DB_POOL: / },
    { env: { RUNWELL_CLUSTER_LEASE_SECONDS: '2' }, message: /RUNWELL_CLUSTER_LEASE_SECONDS: / },
    { env: { RUNWELL_CLUSTER_LEASE_SECONDS: '7.5' }, message: /RUNWELL_CLUSTER_LEASE_SECONDS: / },
    { env: { RUNWELL_METRICS_TOKEN: 'short' }, message: /RUNWELL_METRICS_TOKEN: / },
    { env: { RUNWELL_PASSWORD_CHECKS_PER_SECOND: '0' }, message: /RUNWELL_PASSWORD_CHECKS_PER_SECOND: / },
    { env: { RUNWELL_TRUSTED_PROXIES: 'not-an-address' }, message: /RUNWELL_TRUSTED_PROXIES: / },
    { env: { RUNWELL_OUTBOUND_PRIVATE: 'maybe' }, message: /RUNWELL_OUTBOUND_PRIVATE: / },
    { env: { RUNWELL_OUTBOUND_ALLOW: '169.254.169.254, metadata.internal' }, message: /RUNWELL_OUTBOUND_ALLOW: "metadata.internal" is not an IP address or CIDR/ },
    { env: { RUNWELL_OUTBOUND_ALLOW: '10.0.0.0/33' }, message: /RUNWELL_OUTBOUND_ALLOW: "10.0.0.0\/33" has a bad prefix length/ },
  ])('refuses $env', ({ env, message }) => {
    expect(() => readEnv(env)).toThrow(message);
  });

  it('reports every invalid setting at once', () => {
    expect(() => readEnv({ PORT: '0', RUNWELL_LOG_LEVEL: 'loud' })).toThrow(/PORT: .*; RUNWELL_LOG_LEVEL: /);
  });
});
