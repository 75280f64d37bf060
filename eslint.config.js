// Layer rules from DESIGN.md §2: imports point down only; pure layers do no I/O; apps never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'node:tls',
  'node:os',
  'node:process',
  'node:worker_threads',
  'fs',
  'fs/promises',
  'child_process',
  'os',
];
const APPS = ['cli', 'director', 'agent', 'cpi'];
const upper = (...layers) => layers.map((l) => `**/${l}/**`);

/** One zone: files under `dir` may not import from `forbidden` layers (or the I/O modules when pure). */
function zone(dir, forbidden, pure) {
  return {
    files: [`src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: pure ? IO_MODULES.map((name) => ({ name, message: `${dir} is a pure layer: no I/O` })) : [],
          patterns: [{ group: upper(...forbidden), message: `${dir} may not import from these layers` }],
        },
      ],
      ...(pure
        ? {
            'no-restricted-globals': [
              'error',
              { name: 'process', message: 'pure layer: no process' },
              { name: 'fetch', message: 'pure layer: no I/O' },
            ],
            'no-restricted-properties': [
              'error',
              { object: 'Date', property: 'now', message: 'pure layer: time comes in as an argument' },
              {
                object: 'Math',
                property: 'random',
                message: 'pure layer: randomness comes in as an argument',
              },
            ],
          }
        : {}),
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'use string unions, not enum' },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'bench/**/*.mjs', 'scripts/**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly' } },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  zone('base', ['core', 'protocol', 'ports', 'platform', 'adapters', ...APPS, 'testing'], true),
  zone('core', ['protocol', 'ports', 'platform', 'adapters', ...APPS, 'testing'], true),
  zone('protocol', ['core', 'ports', 'platform', 'adapters', ...APPS, 'testing'], true),
  zone('ports', ['platform', 'adapters', ...APPS, 'testing'], true),
  zone('platform', ['core', 'protocol', 'ports', 'adapters', ...APPS, 'testing'], false),
  zone('adapters', [...APPS, 'testing'], false),
  ...APPS.map((app) => zone(app, [...APPS.filter((a) => a !== app), 'testing'], false)),
  {
    files: ['src/**/*.test.ts', 'test/**/*.ts', 'it/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-globals': 'off',
      'no-restricted-properties': 'off',
    },
  },
);
