// Lint: typescript-eslint's recommended rules, plus the design's dependency direction as
// import restrictions, so a wrong-direction import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ours = ['train', 'hardware', 'runtime', 'worker', 'cli', 'extension', 'protocol'];
const corePurity = [
  { group: ['vscode'], message: 'src/core is pure: it must not import vscode.' },
  { group: ['@tensorflow/*'], message: 'src/core is pure: TensorFlow.js belongs in src/train.' },
  { group: ours.map((d) => `**/${d}/**`).concat(ours.map((d) => `**/${d}`)), message: 'src/core imports nothing of ours outside src/core.' },
];

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
    rules: { 'no-restricted-imports': ['error', { patterns: corePurity }] },
  },
  {
    // A later block replaces the rule's options for these files, so it repeats the core's.
    files: ['src/core/space/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...corePurity, { group: ['**/search/**', '**/search'], message: 'The space language does not know the search: src/core/space imports nothing from src/core/search.' }],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/*'], message: 'The extension host never loads TensorFlow.js: that is the worker\'s job.' },
          { group: ['**/train/**', '**/train', '**/runtime/**', '**/runtime', '**/worker/**', '**/hardware/**', '**/cli/**'], message: 'The extension talks to the worker over IPC; it imports only protocol/ (and pure core/).' },
        ],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['vscode', '@tensorflow/*', '**/src/extension/**', '**/src/runtime/**', '**/src/worker/**', '**/src/train/**', '**/src/hardware/**', '**/src/cli/**'], message: 'The webview only renders: it imports protocol/ and pure core/ helpers.' }],
      }],
    },
  },
  // The rest of the direction: extension -> protocol; runtime -> core, train, hardware, protocol;
  // worker, cli -> runtime; train -> core, hardware; hardware -> core; protocol -> core. Nothing
  // imports extension, cli or worker (the child process entry). train may read hardware, which is
  // pure and never imports train, because hardware owns every cost: the training-memory estimate
  // that refuses a too-large model is the same cost module the cost gate uses, not a copy.
  ...[
    ['src/protocol/**/*.ts', ['vscode', '@tensorflow/*', ...['extension', 'runtime', 'worker', 'train', 'hardware', 'cli'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'protocol/ holds message types and validators: it imports only core/.'],
    ['src/train/**/*.ts', ['vscode', ...['extension', 'runtime', 'worker', 'cli', 'protocol'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'train/ imports only core/ and hardware/ (and TensorFlow.js).'],
    ['src/hardware/**/*.ts', ['vscode', '@tensorflow/*', ...['extension', 'runtime', 'worker', 'cli', 'train', 'protocol'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'hardware/ holds cost models over the graph: it imports only core/.'],
    ['src/runtime/**/*.ts', ['vscode', ...['extension', 'cli', 'worker'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'The runtime never imports the extension host, the CLI or the worker entry.'],
    ['src/worker/**/*.ts', ['vscode', ...['extension', 'cli'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'The worker never imports the extension host or the CLI.'],
    ['src/cli/**/*.ts', ['vscode', ...['extension', 'worker'].flatMap((d) => [`**/${d}/**`, `**/${d}`])], 'The CLI never imports the extension host or the worker entry.'],
  ].map(([files, group, message]) => ({ files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] } })),
);
