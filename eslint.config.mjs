// typescript-eslint (flat config) rather than gts: gts pins an older ESLint and its own
// Prettier settings; typescript-eslint gives the type-aware rules directly and lets us
// add the layer rule on shared/ next to them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'workspace/**', 'coverage/**', 'sheets/apps-script/build/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'test/fixtures/layers/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through loadConfig(env) only (functions/config.ts).',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/).*',
              message: 'shared/ is the pure domain: it imports only zod and its own files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/config.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
