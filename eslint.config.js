// Process boundaries are enforced here, not by good intentions: shared/ is pure and
// portable, the renderer never reaches into main, and nothing renders HTML from data.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export const sharedBoundary = {
  files: ['shared/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'electron', message: 'shared/ runs in every process: it may not import electron.' },
          ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ may not use Node built-ins.' })),
        ],
        patterns: [
          { group: ['node:*'], message: 'shared/ may not use Node built-ins.' },
          { group: ['**/electron/**', '**/renderer/**', 'react', 'react-dom', 'dexie'], message: 'shared/ is pure domain code.' },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...[
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'indexedDB',
        'location',
        'HTMLElement',
        'fetch',
        'XMLHttpRequest',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ].map((name) => ({ name, message: `shared/ may not use the platform global "${name}".` })),
    ],
  },
};

export const rendererBoundary = {
  files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through window.holdspace.' }],
        patterns: [
          { group: ['**/electron/**', '**/electron'], message: 'The renderer may not import from electron/ (main or preload).' },
          { group: ['node:*'], message: 'The renderer runs in a sandbox without Node.' },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML from data.' },
      { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Never render HTML from data.' },
      { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'Never render HTML from data.' },
      { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Never render HTML from data.' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tmp/**', 'bench/results/**', 'tests/unit/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'tests/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { crypto: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', Intl: 'readonly' } },
  },
  sharedBoundary,
  rendererBoundary,
  {
    files: ['tests/**/*.{ts,mjs}', 'bench/**/*.{ts,mjs}'],
    rules: { 'no-console': 'off' },
  },
);
