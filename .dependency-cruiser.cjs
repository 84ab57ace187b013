// Architecture rules that ESLint's import restrictions cannot express (cycles,
// "a repo only from its own domain"). Run by tests/lint/architecture.test.ts
// (in `npm test`) and by `npx depcruise app components server cli workers simulator`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle couples two modules into one: split the shared part out (usually into server/lib).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'repo-only-from-own-domain',
      comment: "Only a domain's own files use its repo; other domains call its service (one owner per table, docs/architecture.md).",
      severity: 'error',
      from: { path: '^server/([^/]+)/', pathNot: ['\\.test\\.ts$'] },
      to: { path: '^server/([^/]+)/[^/]*\\.repo\\.ts$', pathNot: ['^server/$1/'] },
    },
    {
      name: 'kernel-imports-no-domain',
      comment: 'server/lib is the shared kernel: it may import only other kernel files and packages.',
      severity: 'error',
      from: { path: '^server/lib/' },
      // server/errors.ts (DomainError) is a leaf every layer throws: kernel in all but folder.
      to: { path: '^server/', pathNot: ['^server/lib/', '^server/generated/', '^server/errors\\.ts$'] },
    },
    {
      name: 'product-does-not-import-simulator',
      comment: 'The cluster simulator is its own package: the product reaches it over the Kubernetes API or an injected source.',
      severity: 'error',
      // Tests may start the simulator as a real Kubernetes API peer.
      from: { path: '^(server|app|components|workers)/', pathNot: ['\\.test\\.ts$'] },
      to: { path: '^simulator/' },
    },
    {
      name: 'simulator-imports-no-product',
      comment: 'The simulator stands alone (it could be published on its own).',
      severity: 'error',
      from: { path: '^simulator/' },
      to: { path: '^(server|app|components|workers|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^server/generated/', 'node_modules', '\\.next'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
