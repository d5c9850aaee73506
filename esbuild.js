// Builds every output of the project:
//  - dist/: bundles for the extension host, the search worker, the CLI, the space API and the webview;
//  - out/:  a file-by-file transpile of src/, test/ and bench/ for Node's test runner.
// `--watch` rebuilds on change, `--production` minifies the bundles.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Loaded at run time from node_modules, never bundled: native code, .wasm files located
// relative to the package, and VS Code's own API.
const nodeExternals = ['vscode', 'esbuild', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', 'chokidar'];

const version = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8')).version;
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', define: { __NAS_VERSION__: JSON.stringify(version) } };

const SANDBOX_ENTRY = 'src/runtime/sandbox/spaceSandbox.ts';
const bundles = [
  { ...common, entryPoints: { extension: 'src/extension/extension.ts' }, platform: 'node', format: 'cjs', target: 'node18', outdir: 'dist', external: nodeExternals },
  { ...common, entryPoints: { worker: 'src/worker/main.ts', trainingThread: 'src/train/trainingThread.ts', cli: 'src/cli/main.ts', api: 'src/api.ts' }, platform: 'node', format: 'cjs', target: 'node18', outdir: 'dist', external: nodeExternals },
  // The confined process that evaluates space files is one file (esbuild makes it strict), so it needs read access to that file only.
  { ...common, entryPoints: { spaceSandbox: SANDBOX_ENTRY, sandboxBridge: 'src/runtime/sandbox/sandboxBridge.ts' }, platform: 'node', format: 'cjs', target: 'node18', outdir: 'dist' },
  { ...common, entryPoints: { [SANDBOX_ENTRY.replace(/\.ts$/, '')]: SANDBOX_ENTRY }, platform: 'node', format: 'cjs', target: 'node18', outdir: 'out' },
  { ...common, entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022', outdir: 'dist', loader: { '.css': 'text' } },
  // The page `nas device serve` hands a browser: TensorFlow.js and its browser backends bundled in (its .wasm files are served from node_modules).
  { ...common, entryPoints: { deviceProfiler: 'src/train/browser/profilerPage.ts' }, platform: 'browser', format: 'iife', target: 'es2020', outdir: 'dist' },
];

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listTs(p);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) && !/\.nasspace\.ts$/.test(e.name) ? [p] : [];
  });
}

// Tests import src/ files directly; a per-file transpile keeps that structure under out/.
const forTests = {
  entryPoints: ['src', 'test', 'bench', 'webview'].flatMap(listTs).filter((f) => (!f.startsWith('webview') || !f.endsWith('main.ts')) && f !== path.normalize(SANDBOX_ENTRY)),
  outdir: 'out', outbase: '.', platform: 'node', format: 'cjs', target: 'node18', sourcemap: 'inline', logLevel: 'warning',
};

// A source file that was deleted or renamed must not leave its old test behind in out/.
function removeStale(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) removeStale(p);
    else if (/\.js$/.test(e.name) && !fs.existsSync(path.relative('out', p).replace(/\.js$/, '.ts'))) fs.rmSync(p);
  }
}

async function main() {
  // Entry points that do not exist yet (work in progress) are left out rather than failing the build.
  const present = bundles
    .map((b) => ({ ...b, entryPoints: Object.fromEntries(Object.entries(b.entryPoints).filter(([, f]) => fs.existsSync(f))) }))
    .filter((b) => Object.keys(b.entryPoints).length > 0);
  const configs = [...present, forTests];
  if (watch) {
    for (const c of configs) await (await esbuild.context(c)).watch();
    console.log('[esbuild] watching');
    return;
  }
  await Promise.all(configs.map((c) => esbuild.build(c)));
  removeStale('out');
  require('./scripts/emit-api-types.js').emitApiTypes();
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
