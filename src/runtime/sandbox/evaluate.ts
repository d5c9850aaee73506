// Inside the confined process: evaluates the bundled space file in a V8 context of its own with a
// time limit, resolves `import ... from 'nas-workbench'` to our API, and keeps the context for
// the later calls of the file's constraint. Every error names the file, line and column.
import * as path from 'node:path';
import * as vm from 'node:vm';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import * as api from '../../api';
import type { ArchitectureView, DefinedSpace } from '../../core/space/dsl';
import { setLocationResolver } from '../../core/space/dsl';
import { SpaceError } from '../../core/space/errors';
import { CompiledSearchSpace } from '../../core/space/space';
import type { SourceLocation } from '../../core/space/types';
import type { LoadRequest } from './messages';
import { toSpaceData, type SpaceData } from './spaceData';

export interface Evaluated {
  space: CompiledSearchSpace;
  data: SpaceData;
}

type Locate = (stack: string) => SourceLocation | undefined;

export function evaluateSpace(req: LoadRequest, log: (text: string) => void): Evaluated {
  const { file: abs, timeoutMs: timeout } = req;
  const consumer = new SourceMapConsumer(req.map as RawSourceMap);
  const scriptName = `${abs}#compiled`;
  const locate: Locate = (stack) => userFrame(stack, scriptName, consumer, path.dirname(abs));
  const globals = sandbox(abs, log, locate);
  const context = vm.createContext(globals.context, { microtaskMode: 'afterEvaluate', codeGeneration: { strings: false, wasm: false } });
  const script = new vm.Script(req.code, { filename: scriptName });
  const inContext = (what: string, code: vm.Script): unknown => runLimited(context, code, timeout, (e) => asSpaceError(e, locate, abs, timeout, what), globals.denied);
  // Our own code that reads the user's objects runs under the same limit: a getter can loop too.
  const limited = <T>(what: string, run: () => T): T => {
    context.__nasRun = run;
    return inContext(what, CALL) as T;
  };

  setLocationResolver(locate);
  try {
    inContext('the space file', script);
    return limited('the space file', () => {
      const exported = (globals.context.module as { exports: { default?: unknown } }).exports.default;
      const start = { file: abs, line: req.exportLine ?? 1, column: 1 };
      if (exported === undefined) throw new SpaceError(`the space file has no default export; end it with \`export default defineSpace({...})\``, { file: abs, line: 1, column: 1 });
      if (typeof exported !== 'object' || exported === null || (exported as { kind?: unknown }).kind !== 'space') {
        throw new SpaceError(`the default export must be the result of defineSpace({...})`, start);
      }
      const definition = exported as DefinedSpace;
      const constraint = definition.constraint;
      const predicate = constraint ? (view: ArchitectureView) => limited('the space constraint', () => constraint(view)) : undefined;
      return { space: new CompiledSearchSpace(definition, predicate), data: toSpaceData(definition) };
    });
  } finally {
    setLocationResolver(undefined);
  }
}

/** Runs a script in the context with a time limit; an import the file was refused fails the call even if the file caught the error. */
function runLimited(context: vm.Context, script: vm.Script, timeout: number, toError: (e: unknown) => SpaceError, denied: { first?: SpaceError }): unknown {
  let result: unknown;
  try {
    result = script.runInContext(context, { timeout });
  } catch (e) {
    throw toError(e);
  }
  if (denied.first) throw denied.first;
  return result;
}

const CALL = new vm.Script('__nasRun()', { filename: 'nas-workbench-call' });

/** The globals a space file sees: module/exports, a require that knows only our API, and a console. */
function sandbox(abs: string, log: (text: string) => void, locate: Locate): { context: vm.Context; denied: { first?: SpaceError } } {
  const denied: { first?: SpaceError } = {};
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name === 'nas-workbench') return api;
    const error = new Error(`a space file may import only 'nas-workbench' and its own relative files, not '${name}'`);
    // Remembered: a dynamic import() fails in a promise the file may never look at.
    denied.first ??= new SpaceError(error.message, locate(error.stack ?? '') ?? { file: abs, line: 1, column: 1 });
    throw error;
  };
  const write = (...args: unknown[]): void => log(`[${path.basename(abs)}] ${args.map(String).join(' ')}`);
  return { context: { module, exports: module.exports, require, console: { log: write, info: write, warn: write, error: write, debug: write } }, denied };
}

function asSpaceError(e: unknown, locate: Locate, abs: string, timeout: number, what: string): SpaceError {
  if (e instanceof SpaceError) return e;
  const err = e as { code?: string; name?: string; message?: string; stack?: string } | undefined;
  if (err?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
    return new SpaceError(`${what} did not finish within ${timeout / 1000} s (an endless loop?) and was stopped`, { file: abs, line: 1, column: 1 });
  }
  const loc = (err?.stack && locate(err.stack)) || { file: abs, line: 1, column: 1 };
  if (err?.name === 'EvalError' && /code generation from strings/i.test(err.message ?? '')) {
    return new SpaceError(`${what} tried to run code made from a string (eval, Function or a constructor's constructor), which a space file may not do`, loc);
  }
  return new SpaceError(`${what} threw an error: ${err?.message ?? String(e)}`, loc);
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
