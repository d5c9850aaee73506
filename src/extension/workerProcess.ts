// Starts the search worker (`dist/worker.js`) with child_process.fork and wraps its IPC in the
// typed RpcEndpoint. Its stdout/stderr go to the log; an exit that nobody asked for is
// reported through `onExit` with `expected: false`, so the caller can mark a run interrupted.
// No vscode import: the Node executable and log sink are passed in, so this is unit-tested.
import { ChildProcess, fork } from 'node:child_process';
import { RpcEndpoint, Transport } from '../protocol/rpc';
import { hostSideForWorker, HostSideForWorker, workerSide, WorkerSide } from '../protocol/workerProtocol';

export type WorkerEndpoint = RpcEndpoint<HostSideForWorker['methods'], HostSideForWorker['events'], WorkerSide['methods'], WorkerSide['events']>;

export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface WorkerOptions {
  workerScript: string;
  /** Node executable; undefined means this process's executable run as Node (ELECTRON_RUN_AS_NODE). */
  nodePath: string | undefined;
  cwd: string;
  log: WorkerLog;
  /** A label for log lines, e.g. "search" or "spaces". */
  name: string;
  onExit?: (info: { code: number | null; signal: NodeJS.Signals | null; expected: boolean }) => void;
}

export class WorkerProcess {
  readonly rpc: WorkerEndpoint;
  private readonly child: ChildProcess;
  private stopping = false;
  private exited = false;
  private readonly exitPromise: Promise<void>;

  constructor(private readonly options: WorkerOptions) {
    const { log, name } = options;
    this.child = fork(options.workerScript, [], {
      cwd: options.cwd,
      execPath: options.nodePath,
      // The extension host's executable is Electron in desktop VS Code: make it behave as Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => eachLine(d, (l) => log.info(`[${name} worker] ${l}`)));
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => eachLine(d, (l) => log.warn(`[${name} worker] ${l}`)));
    const transport: Transport = {
      send: (m) => {
        if (!this.child.connected) throw new Error(`the ${name} worker is not running`);
        this.child.send(m as object);
      },
      onMessage: (listener) => {
        this.child.on('message', listener);
        return () => this.child.off('message', listener);
      },
    };
    this.rpc = new RpcEndpoint(hostSideForWorker, workerSide, transport, (reason) => log.warn(`[${name} worker] dropped a message: ${reason}`));
    this.rpc.on('log', ({ level, message }) => log[level](`[${name} worker] ${message}`));
    this.exitPromise = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exited) return;
        this.exited = true;
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        this.rpc.close(`the ${name} worker ${why}`);
        if (!this.stopping) log.error(`[${name} worker] ${why}`);
        options.onExit?.({ code, signal, expected: this.stopping });
        resolve();
      };
      this.child.on('exit', done);
      this.child.on('error', (e) => {
        log.error(`[${name} worker] could not start with ${options.nodePath ?? process.execPath}: ${e.message}`);
        done(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Ends the worker: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  whenExited(): Promise<void> {
    return this.exitPromise;
  }
}

function eachLine(chunk: string, fn: (line: string) => void): void {
  for (const line of chunk.split(/\r?\n/)) if (line.trim()) fn(line);
}

/** Runs a request with a time limit; on timeout the caller decides what to do with the worker. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}
