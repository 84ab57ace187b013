import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keysFromEnv, openSecret, parseSecretKey, sealSecret, sealedWith } from './secrets';

const current = parseSecretKey(randomBytes(32).toString('base64'));
const previous = parseSecretKey(randomBytes(32).toString('hex'));

describe('sealed secrets', () => {
  it.each([
    ['plain token', 'eyJhbGciOi.secret'],
    ['empty string', ''],
    ['multi-line kubeconfig', 'apiVersion: v1\nclusters:\n- name: prod\n'],
    ['unicode', 'pässwörd-🔐'],
  ])('round-trips a %s', (_label, plaintext) => {
    const sealed = sealSecret(plaintext, current, 'cluster:1');
    expect(sealed).not.toContain(plaintext || '\u0000');
    expect(openSecret(sealed, [current], 'cluster:1')).toBe(plaintext);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret('same', current)).not.toBe(sealSecret('same', current));
  });

  it.each([
    ['another context', (s: string) => openSecret(s, [current], 'cluster:2')],
    ['a missing key', (s: string) => openSecret(s, [previous], 'cluster:1')],
    ['a tampered ciphertext', (s: string) => openSecret(`${s.slice(0, -2)}AA`, [current], 'cluster:1')],
    ['a non-envelope', () => openSecret('hello', [current])],
  ])('refuses %s', (_label, open) => {
    const sealed = sealSecret('top secret value', current, 'cluster:1');
    expect(() => open(sealed)).toThrow();
  });

  it('opens envelopes sealed with the previous key during rotation', () => {
    const old = sealSecret('rotate me', previous);
    expect(sealedWith(old)).toBe(previous.id);
    expect(openSecret(old, [current, previous])).toBe('rotate me');
  });

  it.each([['short', 'abc'], ['31 bytes', randomBytes(31).toString('base64')]])('rejects a %s key', (_l, material) => {
    expect(() => parseSecretKey(material)).toThrow(/32 bytes/);
  });

  it('reads current and previous keys from the environment', () => {
    const keys = keysFromEnv({
      RUNWELL_SECRET_KEY: randomBytes(32).toString('base64'),
      RUNWELL_SECRET_KEY_PREVIOUS: randomBytes(32).toString('base64'),
    } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv);
    expect(keys).toHaveLength(2);
    expect(() => keysFromEnv({} as NodeJS.ProcessEnv)).toThrow(/not set/);
  });
});
