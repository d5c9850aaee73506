// The search process's side of a confined space file: starts the bridge thread once, asks the
// confined process to evaluate a bundled space file, and turns the space's constraint into a
// synchronous call into that process (strategies sample and mutate synchronously). A constraint
// verdict depends only on the architecture, so it is asked once per key.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ArchitectureView } from '../../core/space/dsl';
import { SpaceError } from '../../core/space/errors';
import type { SourceLocation } from '../../core/space/types';
import type { BridgeData, BridgeReply, BridgeRequest, ChildReply, LoadRequest } from './messages';
import type { SpaceData } from './spaceData';

/** Bundled next to the code that starts them: dist/, or out/src/runtime/sandbox/ under test. */
export const SANDBOX_SCRIPT = path.join(__dirname, 'spaceSandbox.js');
const BRIDGE_SCRIPT = path.join(__dirname, 'sandboxBridge.js');

/** How long past its own time limit the confined process may take to answer (it may have to start first). */
const LOAD_GRACE_MS = 10_000;
const CHECK_GRACE_MS = 5_000;
/** Verdicts kept per space before the cache starts over. */
const CACHE_LIMIT = 100_000;

/**
 * Node flags of the confined process: the permission model with read access to its own script
 * only (the space file arrives bundled over IPC), so no writing files, no child processes, no
 * worker threads, no addons, no WASI; no code made from strings; a bounded heap.
 */
export function confinedExecArgv(script: string): string[] {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const permission = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
  return [permission, `--allow-fs-read=${script}`, '--disallow-code-generation-from-strings', '--no-warnings', '--max-old-space-size=512'];
}

export interface ConfinedSpace {
  data: SpaceData;
  /** Size and decision ids as the confined process counted them, to check the rebuilt space against. */
  size: string;
  decisionIds: string[];
  /** Stands in for the file's constraint; undefined when it has none. */
  constraint?: (view: ArchitectureView) => boolean | string;
  /** Ends the confined process when `owner` (the rebuilt space) is garbage, unless released before. */
  endWith(owner: object): void;
  /** Ends the confined process now: the constraint must not be called after. */
  release(): void;
}

let bridge: Bridge | undefined;
let nextSandbox = 1;
const released = new FinalizationRegistry<number>((sandbox) => bridge?.end(sandbox, 'the space is no longer used', true));

/** A confined process of its own for one space file. */
export interface SpaceSandbox {
  /** Evaluates the bundled file (blocking until it is done) and returns what it defined. */
  evaluate(req: Omit<LoadRequest, 'type'>): ConfinedSpace;
  /** Ends the process unused (the file did not compile). */
  close(): void;
}

/** Starts the process at once, so it boots while esbuild compiles the file. */
export function openSandbox(): SpaceSandbox {
  bridge ??= new Bridge();
  const b = bridge;
  const sandbox = nextSandbox++;
  b.start(sandbox);
  return {
    evaluate: (req) => evaluate(b, sandbox, req),
    close: () => b.end(sandbox, 'not needed', true),
  };
}

function evaluate(b: Bridge, sandbox: number, req: Omit<LoadRequest, 'type'>): ConfinedSpace {
  const fileStart: SourceLocation = { file: req.file, line: 1, column: 1 };
  let loaded: Exclude<ChildReply, { type: 'error' }>;
  try {
    loaded = b.ask(sandbox, { type: 'load', ...req }, req.timeoutMs + LOAD_GRACE_MS, 'evaluating the space file', fileStart);
    if (loaded.type !== 'loaded') throw new Error(`the space sandbox answered '${loaded.type}' to a load`);
  } catch (e) {
    // A file that failed to load is never asked again: its process must not linger (the editor's worker describes many).
    b.end(sandbox, 'its file failed to load', true);
    throw e;
  }
  const { data, size, decisionIds } = loaded;

  let constraint: ConfinedSpace['constraint'];
  if (data.hasConstraint) {
    const verdicts = new Map<string, string | null>();
    constraint = (view) => {
      let problem = verdicts.get(view.key);
      if (problem === undefined) {
        const r = b.ask(sandbox, { type: 'check', key: view.key }, req.timeoutMs + CHECK_GRACE_MS, 'the space constraint', fileStart);
        if (r.type !== 'checked') throw new Error(`the space sandbox answered '${r.type}' to a check`);
        problem = r.problem;
        if (verdicts.size >= CACHE_LIMIT) verdicts.clear();
        verdicts.set(view.key, problem);
      }
      return problem ?? true;
    };
  }
  const registration = {};
  return {
    data,
    size,
    decisionIds,
    constraint,
    endWith: (owner) => void (data.hasConstraint && released.register(owner, sandbox, registration)),
    release: () => {
      released.unregister(registration);
      b.end(sandbox, 'the space was released', true);
    },
  };
}

/** The bridge thread and the synchronous way to ask it. */
class Bridge {
  private readonly counter = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private nextId = 1;

  constructor() {
    for (const f of [SANDBOX_SCRIPT, BRIDGE_SCRIPT]) if (!existsSync(f)) throw new Error(`the space sandbox is missing (${f}); rebuild with npm run build`);
    const { port1, port2 } = new MessageChannel();
    const data: BridgeData = { signal: this.counter.buffer as SharedArrayBuffer, port: port2, childScript: SANDBOX_SCRIPT, execArgv: confinedExecArgv(SANDBOX_SCRIPT) };
    const worker = new Worker(BRIDGE_SCRIPT, { workerData: data, transferList: [port2] });
    // Neither keeps the search process alive: when it exits, the confined processes see their IPC close and end.
    worker.unref();
    port1.unref();
    this.port = port1;
  }

  /** Blocks until the confined process answers; its errors become SpaceErrors at their place. */
  ask(sandbox: number, message: Extract<BridgeRequest, { kind: 'send' }>['message'], waitMs: number, what: string, where: SourceLocation): Exclude<ChildReply, { type: 'error' }> {
    const id = this.nextId++;
    this.post({ kind: 'send', id, sandbox, message });
    const deadline = Date.now() + waitMs;
    for (;;) {
      // Read the counter before looking: a reply posted after the look has moved it, so the wait returns at once.
      const seen = Atomics.load(this.counter, 0);
      const reply = this.take(id);
      if (reply) return unwrap(reply, what, where);
      const left = deadline - Date.now();
      if (left <= 0) break;
      Atomics.wait(this.counter, 0, seen, left);
    }
    const why = `did not answer within ${Math.round(waitMs / 1000)} s`;
    this.end(sandbox, `was stopped: it ${why}`, false);
    throw new SpaceError(`${what} stopped: the process that runs the space file ${why} and was stopped`, where);
  }

  start(sandbox: number): void {
    this.post({ kind: 'start', sandbox });
  }

  end(sandbox: number, why: string, forget: boolean): void {
    this.post({ kind: 'end', sandbox, why, forget });
  }

  private post(req: BridgeRequest): void {
    this.port.postMessage(req);
  }

  private take(id: number): BridgeReply | undefined {
    for (let got = receiveMessageOnPort(this.port); got; got = receiveMessageOnPort(this.port)) {
      const reply = got.message as BridgeReply;
      // Anything else is the late answer to a request that was given up on.
      if (reply.id === id) return reply;
    }
    return undefined;
  }
}

function unwrap(reply: BridgeReply, what: string, where: SourceLocation): Exclude<ChildReply, { type: 'error' }> {
  if (reply.kind === 'ended') throw new SpaceError(`${what} stopped: the process that runs the space file ${reply.why}`, where);
  const r = reply.reply;
  if (r.type !== 'error') return r;
  if (r.internal) throw new Error(r.message);
  throw new SpaceError(r.message, r.loc ?? where);
}
