import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration is read in one place, validated (libs/platform/src/config).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through the app config class (loadConfig).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@townhall/*/*'], message: 'Import a library only through its index (@townhall/<name>).' },
          ],
        },
      ],
    },
  },
  {
    // Where the environment is legitimately read: the config loader, launchers, tests.
    files: ['libs/platform/src/config/load-config.ts', 'scripts/**', 'test/**', '**/*.spec.ts', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts the pages load run in the browser.
    files: ['libs/*/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
