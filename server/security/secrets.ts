import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Secrets at rest (kubeconfigs, bearer tokens, data-source passwords) are sealed
// with AES-256-GCM. The envelope names the key it was sealed with, so a key can
// be rotated: set the new key in RUNWELL_SECRET_KEY, the old one in
// RUNWELL_SECRET_KEY_PREVIOUS, run `runwell secrets rotate`, then drop the old one.
// Envelope: "v1.<keyId>.<iv>.<tag>.<ciphertext>", base64url parts.

export type SecretKey = { id: string; key: Buffer };

export function parseSecretKey(material: string): SecretKey {
  const key = Buffer.from(material, /^[0-9a-f]{64}$/i.test(material) ? 'hex' : 'base64');
  if (key.length !== 32) {
    throw new Error('RUNWELL_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)');
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function sealSecret(plaintext: string, key: SecretKey, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  // The context (e.g. "cluster:<id>") is authenticated, so a sealed value cannot
  // be copied onto another row and still open.
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', key.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function openSecret(envelope: string, keys: SecretKey[], context = ''): string {
  const [version, keyId, iv, tag, ciphertext] = envelope.split('.');
  if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed secret');
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new Error(`Secret was sealed with key ${keyId}, which is not configured`);
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

export function sealedWith(envelope: string): string | null {
  const [version, keyId] = envelope.split('.');
  return version === 'v1' && keyId ? keyId : null;
}

// Current key first; the previous one only opens old envelopes during rotation.
export function keysFromEnv(env: NodeJS.ProcessEnv = process.env): SecretKey[] {
  if (!env.RUNWELL_SECRET_KEY) throw new Error('RUNWELL_SECRET_KEY is not set');
  const keys = [parseSecretKey(env.RUNWELL_SECRET_KEY)];
  if (env.RUNWELL_SECRET_KEY_PREVIOUS) keys.push(parseSecretKey(env.RUNWELL_SECRET_KEY_PREVIOUS));
  return keys;
}
