// Lint enforces the import table in docs/ARCHITECTURE.md; messages say what to do instead.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeGlobals = ['Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'module'].map((name) => ({
  name,
  message: 'core and shared are runtime-neutral: pass what you need in from main or the CLI.',
}));
const noElectron = { group: ['electron', 'electron/*'], message: 'Only src/main and src/preload talk to Electron.' };
const noNode = { regex: '^(node:.*|fs|path|os|child_process|http|https|net|tls|crypto)(/.*)?$', message: 'This layer must not use Node APIs; put the I/O in an adapter under src/main or src/platform.' };
const noReact = { group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'], message: 'UI libraries belong to src/renderer only.' };
const layer = (name, message) => ({ group: [`**/${name}/**`, `**/${name}`], message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'release/**', '.tmp/**', '.tsbuild/**', '**/*.cjs', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use crypto-grade randomness (core/crypto randomBytes).' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // Type-aware rules, on the TypeScript files only (the tsconfig.*.json projects hold them).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's test/describe return promises that the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts', 'test/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    // The classic two rules; the recommended set's React Compiler rules are left out: nothing here is compiled by it.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['scripts/**', 'devserver/**', 'bench/**', 'test/**', '**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-globals': ['error', ...nodeGlobals, { name: 'window', message: 'core has no DOM.' }, { name: 'document', message: 'core has no DOM.' }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noNode, noReact,
        layer('shared', 'core imports nothing from the app: move the type into core.'),
        layer('main', 'core imports nothing from the app.'), layer('renderer', 'core imports nothing from the app.'),
        layer('preload', 'core imports nothing from the app.'), layer('cli', 'core imports nothing from the app.'),
        layer('platform', 'core imports nothing from the app.')] }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-globals': ['error', ...nodeGlobals, { name: 'window', message: 'shared has no DOM.' }, { name: 'document', message: 'shared has no DOM.' }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noNode, noReact,
        { ...layer('core', 'shared may use core types only: write `import type`.'), allowTypeImports: true },
        layer('main', 'shared is the contract; it imports no implementation.'), layer('renderer', 'shared imports no implementation.'),
        layer('preload', 'shared imports no implementation.'), layer('cli', 'shared imports no implementation.'),
        layer('platform', 'shared imports no implementation.')] }],
    },
  },
  {
    files: ['src/platform/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noReact,
        layer('main', 'platform adapters are shared by main and the CLI; they import only core.'),
        layer('renderer', 'platform imports only core.'), layer('preload', 'platform imports only core.'),
        layer('cli', 'platform imports only core.'), layer('shared', 'platform imports only core.')] }],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noReact,
        layer('main', 'The CLI builds on core and platform, not on the Electron main process.'),
        layer('renderer', 'The CLI builds on core and platform.'), layer('preload', 'The CLI builds on core and platform.')] }],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noReact,
        layer('renderer', 'main reaches the renderer only through the IPC contract in src/shared.'),
        layer('preload', 'main reaches the preload only through the IPC contract in src/shared.'),
        layer('cli', 'main does not import the CLI.')] }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-globals': ['error', ...nodeGlobals],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noNode, noReact,
        layer('core', 'Preload only builds the bridge from src/shared.'), layer('main', 'Preload only builds the bridge from src/shared.'),
        layer('renderer', 'Preload only builds the bridge from src/shared.'), layer('platform', 'Preload only builds the bridge from src/shared.'),
        layer('cli', 'Preload only builds the bridge from src/shared.')] }],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-globals': ['error', ...nodeGlobals],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noNode,
        layer('core', 'The renderer reaches main only through the bridge types in src/shared.'),
        layer('main', 'The renderer reaches main only through the bridge types in src/shared.'),
        layer('preload', 'The renderer reaches main only through the bridge types in src/shared.'),
        layer('platform', 'The renderer imports shared only.'), layer('cli', 'The renderer imports shared only.')] }],
    },
  },
  {
    // ipcMain only behind the validated wrapper; ipcRenderer only in preload.
    files: ['src/main/**'],
    ignores: ['src/main/ipc/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: "ImportSpecifier[imported.name='ipcMain']", message: 'Register handlers through src/main/ipc (sender check + schema parse).' }] },
  },
);
