// Loads a user's `.nasspace.ts`: compiles it in memory with esbuild, evaluates it in a separate
// V8 context with a time limit, and resolves `import ... from 'nas-workbench'` to our own API, so
// the user's folder needs no installed package. Every error names the file, line and column.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { BuildFailure, Message } from 'esbuild';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import * as api from '../api';
import type { ArchitectureView, DefinedSpace } from '../core/space/dsl';
import { setLocationResolver } from '../core/space/dsl';
import { checkSpaceSearchDefaults } from '../core/search/settings';
import { SpaceError } from '../core/space/errors';
import { CompiledSearchSpace } from '../core/space/space';
import type { SourceLocation } from '../core/space/types';

export interface LoadOptions {
  /** Limit for evaluating the file, and for each call of its constraint. */
  timeoutMs?: number;
}

export interface LoadedSpace {
  file: string;
  space: CompiledSearchSpace;
  /** sha256 of the space file and every file it imports (contents and relative paths). */
  hash: string;
  /** 1-based line of `export default`, when found. */
  exportLine?: number;
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
  const { code, map, inputs } = await compile(abs);
  const hash = createHash('sha256');
  // Paths relative to the space file, so a moved folder still resumes its runs.
  for (const input of inputs) hash.update(path.relative(path.dirname(abs), input)).update('\0').update(fs.readFileSync(input)).update('\0');

  const consumer = new SourceMapConsumer(map);
  const scriptName = `${abs}#compiled`;
  const locate = (stack: string): SourceLocation | undefined => userFrame(stack, scriptName, consumer, path.dirname(abs));
  const context = vm.createContext(sandbox(abs), { microtaskMode: 'afterEvaluate', codeGeneration: { strings: false, wasm: false } });
  const script = new vm.Script(code, { filename: scriptName });

  setLocationResolver(locate);
  let exported: unknown;
  try {
    script.runInContext(context, { timeout });
    exported = (context.module as { exports: { default?: unknown } }).exports.default;
  } catch (e) {
    throw asSpaceError(e, locate, abs, timeout);
  } finally {
    setLocationResolver(undefined);
  }

  const exportLine = findExportLine(source);
  const start = { file: abs, line: exportLine ?? 1, column: 1 };
  if (exported === undefined) throw new SpaceError(`the space file has no default export; end it with \`export default defineSpace({...})\``, { file: abs, line: 1, column: 1 });
  if (typeof exported !== 'object' || exported === null || (exported as { kind?: unknown }).kind !== 'space') {
    throw new SpaceError(`the default export must be the result of defineSpace({...})`, start);
  }
  const definition = exported as DefinedSpace;
  checkSpaceSearchDefaults(definition.search, definition.loc);
  const predicate = definition.constraint ? guardedConstraint(context, definition, timeout, locate, abs) : undefined;
  const space = new CompiledSearchSpace(definition, predicate);
  return { file: abs, space, hash: hash.digest('hex'), exportLine };
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

/** The globals a space file sees: module/exports, a require that knows only our API, and a console. */
function sandbox(abs: string): vm.Context {
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name === 'nas-workbench') return api;
    throw new Error(`a space file may import only 'nas-workbench' and its own relative files, not '${name}'`);
  };
  const log = (...args: unknown[]): void => void process.stderr.write(`[${path.basename(abs)}] ${args.map(String).join(' ')}\n`);
  return { module, exports: module.exports, require, console: { log, info: log, warn: log, error: log, debug: log } };
}

/** The constraint is user code too: each call runs under the same time limit. */
function guardedConstraint(context: vm.Context, definition: DefinedSpace, timeout: number, locate: (stack: string) => SourceLocation | undefined, abs: string) {
  context.__nasConstraint = definition.constraint;
  const call = new vm.Script('__nasResult = __nasConstraint(__nasArg)', { filename: 'constraint-call' });
  return (view: ArchitectureView): boolean | string => {
    context.__nasArg = view;
    try {
      call.runInContext(context, { timeout });
    } catch (e) {
      throw asSpaceError(e, locate, abs, timeout, 'the space constraint');
    }
    return context.__nasResult as boolean | string;
  };
}

function asSpaceError(e: unknown, locate: (stack: string) => SourceLocation | undefined, abs: string, timeout: number, what = 'the space file'): SpaceError {
  if (e instanceof SpaceError) return e;
  const err = e as { code?: string; message?: string; stack?: string } | undefined;
  if (err?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
    return new SpaceError(`${what} did not finish within ${timeout / 1000} s (an endless loop?) and was stopped`, { file: abs, line: 1, column: 1 });
  }
  const message = err?.message ?? String(e);
  const loc = (err?.stack && locate(err.stack)) || { file: abs, line: 1, column: 1 };
  return new SpaceError(`${what} threw an error: ${message}`, loc);
}

/** The first stack frame in the compiled space file, mapped back to the user's source. */
function userFrame(stack: string, scriptName: string, consumer: SourceMapConsumer, dir: string): SourceLocation | undefined {
  for (const line of stack.split('\n')) {
    const at = line.lastIndexOf(scriptName + ':');
    if (at < 0) continue;
    const m = /^:(\d+):(\d+)/.exec(line.slice(at + scriptName.length));
    if (!m) continue;
    const pos = consumer.originalPositionFor({ line: Number(m[1]), column: Number(m[2]) - 1 });
    if (pos.source === null || pos.line === null) continue;
    return { file: path.resolve(dir, pos.source), line: pos.line, column: (pos.column ?? 0) + 1 };
  }
  return undefined;
}

function findExportLine(source: string): number | undefined {
  const idx = source.search(/^\s*export\s+default\b/m);
  if (idx < 0) return undefined;
  const before = source.slice(0, idx + (source.slice(idx).length - source.slice(idx).trimStart().length));
  return before.split('\n').length;
}
