import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Checks are pure functions of the inventory: no AWS, no I/O, no clock, no environment.
    files: ['checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Bare module names go in `paths` (exact match): as gitignore-style patterns, 'http'
          // would also match the check folder `./http/…`.
          paths: ['fs', 'net', 'http', 'https', 'child_process'].map((name) => ({ name, message: 'checks do no I/O' })),
          patterns: [
            { group: ['@aws-sdk/*'], message: 'checks read the inventory, never AWS' },
            { group: ['node:*'], message: 'checks do no I/O' },
            { group: ['**/collect/**', '**/report/**', '**/cli/**'], message: 'checks depend on inventory and engine only' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'checks read no environment' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use view.collectedAt, not the clock' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'use view.collectedAt, not the clock' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'checks are deterministic' },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
