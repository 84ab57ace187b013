import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The dark theme must not depend on a script running: a page whose bootstrap
// script is blocked (CSP) or a browser without JavaScript falls back to
// prefers-color-scheme. The fallback repeats the dark tokens; they must match.
const css = readFileSync(path.resolve(__dirname, '../../app/globals.css'), 'utf8');

function declarations(block: string): Map<string, string> {
  return new Map([...block.matchAll(/^\s*(--[\w-]+|color-scheme):\s*([^;]+);/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

function blockAfter(marker: string): string {
  const start = css.indexOf(marker);
  expect(start, `${marker} in app/globals.css`).toBeGreaterThanOrEqual(0);
  return css.slice(start, css.indexOf('}', start));
}

describe('dark theme without the bootstrap script', () => {
  it('follows the system setting when data-theme is not set', () => {
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\s*:root:not\(\[data-theme\]\) \{/);
  });

  it("uses exactly the [data-theme='dark'] tokens", () => {
    const dark = declarations(blockAfter(":root[data-theme='dark'] {"));
    const fallback = declarations(blockAfter(':root:not([data-theme]) {'));
    expect(dark.size).toBeGreaterThan(20);
    expect(Object.fromEntries(fallback)).toEqual(Object.fromEntries(dark));
  });
});
