// Loads a user's `.nasspace.ts`: compiles it in memory with esbuild, here, then has it evaluated
// by a confined process (./sandbox/), which resolves `import ... from 'nas-workbench'` to our own
// API, so the user's folder needs no installed package. No code of the file runs in this
// process: the space is rebuilt from the data the confined process sends back, and its
// constraint is a call into that process. Every error names the file, line and column.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildFailure, Message } from 'esbuild';
import type { RawSourceMap } from 'source-map-js';
import { checkSpaceSearchDefaults } from '../core/search/settings';
import { SpaceError } from '../core/space/errors';
import { CompiledSearchSpace } from '../core/space/space';
import { openSandbox } from './sandbox/confinedSpace';
import { fromSpaceData } from './sandbox/spaceData';

export interface LoadOptions {
  /** Limit for evaluating the file, and for each call of its constraint. */
  timeoutMs?: number;
}

export interface LoadedSpace {
  file: string;
  space: CompiledSearchSpace;
  /** sha256 of the space file and every file it imports (contents and relative paths). */
  hash: string;
  /** Absolute paths of the space file and every file it imports: what the hash covers (a queue job carries them). */
  inputs: string[];
  /** 1-based line of `export default`, when found. */
  exportLine?: number;
  /** Ends the process that answers the space's constraint, before garbage collection would; the space must not be sampled after. */
  release(): void;
}

const DEFAULT_TIMEOUT_MS = 3000;

export async function loadSpaceFile(file: string, options: LoadOptions = {}): Promise<LoadedSpace> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const abs = path.resolve(file);
  let source: string;
  try {
    source = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new SpaceError(`cannot read the space file: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { file: abs, line: 1, column: 1 });
  }
  const sandbox = openSandbox();
  let compiled: Awaited<ReturnType<typeof compile>>;
  try {
    compiled = await compile(abs);
  } catch (e) {
    sandbox.close();
    throw e;
  }
  const { code, map, inputs } = compiled;
  const hash = createHash('sha256');
  // Paths relative to the space file, so a moved folder still resumes its runs.
  for (const input of inputs) hash.update(path.relative(path.dirname(abs), input)).update('\0').update(fs.readFileSync(input)).update('\0');

  const exportLine = findExportLine(source);
  const confined = sandbox.evaluate({ file: abs, code, map, exportLine, timeoutMs: timeout });
  const definition = fromSpaceData(confined.data, confined.constraint);
  checkSpaceSearchDefaults(definition.search, definition.loc);
  const space = new CompiledSearchSpace(definition);
  if (space.size.toString() !== confined.size || space.decisions.map((d) => d.id).join('\n') !== confined.decisionIds.join('\n')) {
    throw new Error(`the space rebuilt from the sandbox's answer differs from the one it evaluated (${space.size} vs ${confined.size} architectures)`);
  }
  confined.endWith(space);
  return { file: abs, space, hash: hash.digest('hex'), inputs, exportLine, release: confined.release };
}

async function compile(abs: string): Promise<{ code: string; map: RawSourceMap; inputs: string[] }> {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      entryPoints: [abs],
      outfile: `${abs}.js`,
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      sourcemap: 'external',
      metafile: true,
      // import() becomes a require() in a promise, so the sandbox's require refuses it in place.
      supported: { 'dynamic-import': false },
      // Bare imports stay as require() calls: 'nas-workbench' gets our API, anything else a
      // clear error at the import's line from the sandbox's require.
      plugins: [{ name: 'bare-imports', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true })) }],
      logLevel: 'silent',
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!;
    const cwd = process.cwd();
    const inputs = Object.keys(result.metafile.inputs).map((i) => path.resolve(cwd, i)).sort();
    return { code: js.text, map: JSON.parse(map.text) as RawSourceMap, inputs };
  } catch (e) {
    const first: Message | undefined = (e as BuildFailure).errors?.[0];
    if (!first) throw e;
    const loc = first.location;
    throw new SpaceError(first.text, loc ? { file: path.resolve(loc.file), line: loc.line, column: loc.column + 1 } : { file: abs, line: 1, column: 1 });
  }
}

function findExportLine(source: string): number | undefined {
  const idx = source.search(/^\s*export\s+default\b/m);
  if (idx < 0) return undefined;
  const before = source.slice(0, idx + (source.slice(idx).length - source.slice(idx).trimStart().length));
  return before.split('\n').length;
}
