// What the three parties of a confined space file say to each other: the search process's main
// thread, its bridge thread (./sandboxBridge.ts, which owns the confined process), and the
// confined process itself (./spaceSandbox.ts). Only plain data crosses: the confined process's
// answers are data for the parent to check, never code.
import type { SourceLocation } from '../../core/space/types';
import type { SpaceData } from './spaceData';

export interface LoadRequest {
  type: 'load';
  /** Absolute path of the space file, for locations. */
  file: string;
  /** The space file and its relative imports, bundled by esbuild in the parent (CommonJS). */
  code: string;
  /** esbuild's source map of `code` (sources relative to the space file's folder). */
  map: unknown;
  exportLine?: number;
  /** Limit for evaluating the file, and for each call of its constraint. */
  timeoutMs: number;
}

/** Is the architecture with this key accepted by the space's constraint? */
export interface CheckRequest {
  type: 'check';
  key: string;
}

export type ChildRequest = LoadRequest | CheckRequest;

export interface ErrorReply {
  type: 'error';
  message: string;
  loc?: SourceLocation;
  /** Not the space file's fault: a bug of ours inside the confined process. */
  internal?: boolean;
}

export type ChildReply =
  | { type: 'loaded'; data: SpaceData; size: string; decisionIds: string[] }
  | { type: 'checked'; problem: string | null }
  | ErrorReply;

/** Sent by the confined process before its reply: a line the space file logged. */
export interface ChildLog {
  type: 'log';
  text: string;
}

/** Main thread -> bridge thread. `sandbox` names one confined process. */
export type BridgeRequest =
  | { kind: 'start'; sandbox: number }
  | { kind: 'send'; id: number; sandbox: number; message: ChildRequest }
  | { kind: 'end'; sandbox: number; why: string; forget: boolean };

/** Bridge thread -> main thread: the confined process's reply, or why there is none. */
export type BridgeReply = { id: number } & ({ kind: 'reply'; reply: ChildReply } | { kind: 'ended'; why: string });

/** What the main thread hands the bridge thread when it starts it. */
export interface BridgeData {
  /** Int32 counter the bridge increments (and notifies) after each reply it posts. */
  signal: SharedArrayBuffer;
  port: import('node:worker_threads').MessagePort;
  childScript: string;
  execArgv: string[];
}
