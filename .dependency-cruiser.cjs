/** Layer rules: arrows point inward, shared/ is pure, the model lives in the domain, no circle. */

module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'shared/ holds the pure DLA domain: it may import only zod and its own files.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'shared-no-core-modules',
      comment: 'shared/ does no I/O: no Node core module.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(shared|functions|sheets|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'domain-does-not-reach-out',
      comment: 'functions/ and scripts/ may use shared/, never the reverse.',
      severity: 'error',
      from: { path: '^(shared|sheets)/' },
      to: { path: '^(functions|scripts)/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import circle, type-only imports included: a circle hides which module owns what and makes load order matter.',
      severity: 'error',
      from: { path: '^(shared|functions|scripts|sheets/layouts)/' },
      to: { circular: true },
    },
    {
      name: 'domain-does-not-see-ports',
      comment:
        'The model lives in shared/domain; ports and use cases are built on it, never the reverse.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^shared/(ports|use-cases)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(dist|workspace|coverage)/' },
  },
};
