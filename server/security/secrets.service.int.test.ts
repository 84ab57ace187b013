import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, rejection, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { createCluster } from '../clusters/clusters.service';
import { getPrisma } from '../db';
import { createDataSource } from '../datasources/datasources.service';
import { saveChannel } from '../paging/paging.service';
import { keysFromEnv, openSecret, parseSecretKey, sealedWith, sealSecret } from './secrets';
import { rotateSecrets } from './secrets.service';

// Key rotation step 3 (docs/ops.md): every sealed column is re-sealed with the
// new key under its row's context, audited once, idempotent. At the end the
// secrets are rotated back so later files still open them with the env key.

const NEW = parseSecretKey('b'.repeat(64));
let envKey: ReturnType<typeof parseSecretKey>;
const ids = { cluster: '', datasource: '', channel: '' };

beforeAll(async () => {
  process.env.RUNWELL_SECRET_KEY ??= 'a'.repeat(64);
  envKey = keysFromEnv()[0]!;
  ids.cluster = (await createCluster(systemCtx, { name: uniqueSlug('rot'), connection: { connectionKind: 'token', apiUrl: 'https://api.rot.example:6443', token: 'sa-token-1' } })).id;
  ids.datasource = (await createDataSource(systemCtx, { name: uniqueSlug('rot'), url: 'https://prom.rot.example', authKind: 'bearer', secret: 'prom-token-1' })).id;
  ids.channel = (await saveChannel(systemCtx, { kind: 'slack', name: uniqueSlug('rot'), url: 'https://hooks.slack.com/services/T0/B0/rotsecret' })).id;
});

async function sealedNow() {
  const p = getPrisma();
  return {
    cluster: (await p.cluster.findUniqueOrThrow({ where: { id: ids.cluster } })).sealedCredentials!,
    datasource: (await p.prometheusDataSource.findUniqueOrThrow({ where: { id: ids.datasource } })).secretSealed!,
    channel: (await p.notificationChannel.findUniqueOrThrow({ where: { id: ids.channel } })).sealedSecret!,
  };
}

describe('rotateSecrets', () => {
  it('refuses people who are not admins', async () => {
    expect(await rejection(rotateSecrets(await actorWith('engineer'), [NEW, envKey]))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('re-seals every secret with the new key under its row context, audited, and is idempotent', async () => {
    const admin = await actorWith('admin');
    const r = await rotateSecrets(admin, [NEW, envKey]);
    expect(r.failed).toEqual([]);
    expect(r.resealed).toBeGreaterThanOrEqual(3);
    const s = await sealedNow();
    expect(Object.values(s).map(sealedWith)).toEqual([NEW.id, NEW.id, NEW.id]);
    // Opens with the new key alone, and only under the row's own context.
    expect(openSecret(s.cluster, [NEW], `cluster:${ids.cluster}`)).toBe('sa-token-1');
    expect(openSecret(s.datasource, [NEW], `prometheus:${ids.datasource}`)).toBe('prom-token-1');
    expect(openSecret(s.channel, [NEW], `channel:${ids.channel}`)).toBe('https://hooks.slack.com/services/T0/B0/rotsecret');
    expect(() => openSecret(s.cluster, [NEW], `cluster:${ids.datasource}`)).toThrow();

    const [audit] = await auditFor('secret_key', NEW.id);
    expect(audit).toMatchObject({ action: 'secrets.rotate', actorId: admin.actor.id, after: { keyId: NEW.id, resealed: r.resealed } });
    expect(JSON.stringify(audit)).not.toMatch(/sa-token-1|prom-token-1|rotsecret/);

    const again = await rotateSecrets(admin, [NEW, envKey]);
    expect(again.resealed).toBe(0);
    expect(again.alreadyCurrent).toBeGreaterThanOrEqual(3);
  });

  it('reports a secret no configured key opens and leaves it as it is', async () => {
    const stranger = parseSecretKey('c'.repeat(64));
    const orphan = await saveChannel(systemCtx, { kind: 'webhook', name: uniqueSlug('orphan'), url: 'https://hooks.example/x' });
    const foreign = sealSecret('https://hooks.example/x', stranger, `channel:${orphan.id}`);
    await getPrisma().notificationChannel.update({ where: { id: orphan.id }, data: { sealedSecret: foreign } });
    const r = await rotateSecrets(systemCtx, [envKey, NEW]);
    expect(r.failed).toEqual([{ kind: 'channel', id: orphan.id, error: `Secret was sealed with key ${stranger.id}, which is not configured` }]);
    expect((await getPrisma().notificationChannel.findUniqueOrThrow({ where: { id: orphan.id } })).sealedSecret).toBe(foreign);
    await getPrisma().notificationChannel.delete({ where: { id: orphan.id } });
    // Rotated back to the env key: later test files still open everything.
    expect(Object.values(await sealedNow()).map(sealedWith)).toEqual([envKey.id, envKey.id, envKey.id]);
  });
});
