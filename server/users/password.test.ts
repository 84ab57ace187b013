import { describe, expect, it } from 'vitest';
import { decoyHash, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password';

const PASSWORD = 'correct horse battery staple';

describe('hashPassword / verifyPassword', () => {
  it('hashes in the scrypt$N$r$p$salt$key format with a random salt', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(PASSWORD);
  });

  it('accepts the right password and refuses wrong ones', async () => {
    const stored = await hashPassword(PASSWORD);
    const results = await Promise.all(
      [PASSWORD, `${PASSWORD} `, PASSWORD.toUpperCase(), '', 'correct horse battery stapl'].map((p) =>
        verifyPassword(p, stored),
      ),
    );
    expect(results).toEqual([true, false, false, false, false]);
  });

  it('normalises Unicode (NFKC) so the same password typed differently still matches', async () => {
    const stored = await hashPassword('pa\u0301ssword-long-enough'); // a + combining acute
    expect(await verifyPassword('p\u00e1ssword-long-enough', stored)).toBe(true); // precomposed á
  });

  it('refuses a tampered hash', async () => {
    const stored = await hashPassword(PASSWORD);
    const parts = stored.split('$');
    const flip = (s: string) => (s[0] === 'A' ? `B${s.slice(1)}` : `A${s.slice(1)}`);
    const tampered = [
      [...parts.slice(0, 5), flip(parts[5]!)].join('$'), // key changed
      [...parts.slice(0, 4), flip(parts[4]!), parts[5]].join('$'), // salt changed
      [parts[0], '16384', ...parts.slice(2)].join('$'), // cost changed
      [...parts.slice(0, 5), parts[5]!.slice(0, 40)].join('$'), // key truncated
    ];
    for (const hash of tampered) expect(await verifyPassword(PASSWORD, hash)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['other scheme', 'bcrypt$10$abc$def$ghi$jkl'],
    ['missing key', 'scrypt$32768$8$1$c2FsdA=='],
    ['plain text', 'correct horse battery staple'],
    ['empty parts', 'scrypt$$$$$'],
  ])('refuses a malformed hash (%s)', async (_label, stored) => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(false);
  });
});

describe('decoyHash and generatePassword', () => {
  it('decoy is a valid, stable hash that matches nothing simple', async () => {
    const decoy = await decoyHash();
    expect(decoy).toMatch(/^scrypt\$/);
    expect(await decoyHash()).toBe(decoy);
    expect(await verifyPassword('', decoy)).toBe(false);
  });

  it('generates random passwords long enough for the policy', () => {
    const passwords = Array.from({ length: 20 }, generatePassword);
    expect(new Set(passwords).size).toBe(20);
    for (const p of passwords) {
      expect(p.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });
});
