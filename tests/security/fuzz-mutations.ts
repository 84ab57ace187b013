import fc from 'fast-check';

// Text edits applied to a valid sample, shared by the fuzz tests: insert a
// fragment (the parser's special characters, given per test) or a random
// string, cut a stretch of up to `maxCut` characters, or repeat a line.
export function mutatedWith(fragments: readonly string[], maxCut: number): (sample: string) => fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.tuple(fc.constant('insert' as const), fc.nat(), fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 }))),
    fc.tuple(fc.constant('cut' as const), fc.nat(), fc.nat({ max: maxCut })),
    fc.tuple(fc.constant('repeat' as const), fc.nat(), fc.integer({ min: 2, max: 50 })),
  );
  return (sample) =>
    fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) =>
      edits.reduce((text, [kind, at, arg]) => {
        const i = text.length ? at % (text.length + 1) : 0;
        if (kind === 'insert') return text.slice(0, i) + String(arg) + text.slice(i);
        if (kind === 'cut') return text.slice(0, i) + text.slice(i + Number(arg));
        const lines = text.split('\n');
        const n = i % Math.max(lines.length, 1);
        return [...lines.slice(0, n), ...Array<string>(Number(arg)).fill(lines[n] ?? ''), ...lines.slice(n + 1)].join('\n');
      }, sample),
    );
}
