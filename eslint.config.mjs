// Lint: typescript-eslint's recommended rules, plus the design's dependency direction as
// import restrictions, so a wrong-direction import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ours = ['train', 'hardware', 'worker', 'cli', 'extension', 'protocol'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', 'media/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'src/core is pure: it must not import vscode.' },
          { group: ['@tensorflow/*'], message: 'src/core is pure: TensorFlow.js belongs in src/train.' },
          { group: ours.map((d) => `**/${d}/**`).concat(ours.map((d) => `**/${d}`)), message: 'src/core imports nothing of ours outside src/core.' },
        ],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/*'], message: 'The extension host never loads TensorFlow.js: that is the worker\'s job.' },
          { group: ['**/train/**', '**/train', '**/worker/**', '**/hardware/**', '**/cli/**'], message: 'The extension talks to the worker over IPC; it imports only protocol/ (and pure core/).' },
        ],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['vscode', '@tensorflow/*', '**/src/extension/**', '**/src/worker/**', '**/src/train/**', '**/src/hardware/**', '**/src/cli/**'], message: 'The webview only renders: it imports protocol/ and pure core/ helpers.' }],
      }],
    },
  },
  // The rest of the direction: extension -> protocol; worker -> core, train, hardware, protocol;
  // cli -> worker; train -> core; protocol -> core. Nothing imports extension or cli.
  ...[
    ['src/protocol/**/*.ts', ['vscode', '@tensorflow/*', ...['extension', 'worker', 'train', 'hardware', 'cli'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'protocol/ holds message types and validators: it imports only core/.'],
    ['src/train/**/*.ts', ['vscode', ...['extension', 'worker', 'cli', 'protocol'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'train/ imports only core/ (and TensorFlow.js).'],
    ['src/hardware/**/*.ts', ['vscode', '@tensorflow/*', ...['extension', 'worker', 'cli', 'train', 'protocol'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'hardware/ holds cost models over the graph: it imports only core/.'],
    ['src/worker/**/*.ts', ['vscode', ...['extension', 'cli'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'The worker never imports the extension host or the CLI.'],
  ].map(([files, group, message]) => ({ files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] } })),
);
