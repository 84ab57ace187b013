// Inputs from the outside attack review (issue 10), shared by the tests that
// prove each reader refuses them quickly.

/**
 * "Billion laughs": nine levels of nine aliases, about 650 bytes that expand
 * to 9^9 values. `indent` nests it under a key of the caller's document.
 */
export function aliasBomb(indent = ''): string {
  const letters = 'abcdefghi';
  return [
    `${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`,
    ...letters
      .slice(1)
      .split('')
      .map((c, i) => `${indent}${c}: &${c} [${Array(9).fill(`*${letters[i]}`).join(',')}]`),
    '',
  ].join('\n');
}

/** A kubeconfig whose preferences hold an alias bomb (649 bytes in the report). */
export const KUBECONFIG_BOMB = `apiVersion: v1\nkind: Config\npreferences:\n${aliasBomb('  ')}clusters: []\ncontexts: []\nusers: []\n`;

/** `[[[...]]]` nested `depth` levels. */
export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
