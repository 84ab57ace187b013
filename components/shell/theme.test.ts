import { describe, expect, it } from 'vitest';
import { initialTheme, THEME_BOOTSTRAP_SCRIPT, THEME_STORAGE_KEY } from './theme';

// ThemeSync (pages Next.js renders in the browser: 404 from notFound(), 403)
// must pick the same theme as the bootstrap script does everywhere else.
function runBootstrap(stored: string | null, prefersDark: boolean): string | null {
  let theme: string | null = null;
  const env = {
    localStorage: { getItem: (key: string) => (key === THEME_STORAGE_KEY ? stored : null) },
    window: { matchMedia: (q: string) => ({ matches: q === '(prefers-color-scheme: dark)' && prefersDark }) },
    document: { documentElement: { setAttribute: (_name: string, value: string) => (theme = value) } },
  };
  new Function('localStorage', 'window', 'document', THEME_BOOTSTRAP_SCRIPT)(env.localStorage, env.window, env.document);
  return theme;
}

describe('initialTheme', () => {
  it.each([
    [null, false, 'light'],
    [null, true, 'dark'],
    ['dark', false, 'dark'],
    ['light', true, 'light'],
    ['purple', true, 'dark'],
    ['', false, 'light'],
  ] as const)('stored %s, system dark %s -> %s, as the bootstrap script decides', (stored, prefersDark, expected) => {
    expect(initialTheme(stored, prefersDark)).toBe(expected);
    expect(runBootstrap(stored, prefersDark)).toBe(expected);
  });
});
