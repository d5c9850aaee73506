// Worker thread of the search process that owns the confined processes (dist/sandboxBridge.js,
// or out/src/runtime/sandbox/ under test). The main thread asks synchronously: it posts a
// request and blocks on a shared counter, while this thread, whose event loop keeps running,
// relays the request over IPC and posts the answer back. Node builtins only.
import { fork, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import type { BridgeData, BridgeReply, BridgeRequest, ChildLog, ChildReply } from './messages';

const { signal, port, childScript, execArgv } = workerData as BridgeData;
const counter = new Int32Array(signal);

interface Sandbox {
  child: ChildProcess;
  /** Id of the request waiting for this process's reply. */
  pending?: number;
  /** Why the process is gone, once it is. */
  ended?: string;
  /** The end of what Node itself wrote to stderr (a bad flag, running out of memory). */
  stderr: string;
}
const sandboxes = new Map<number, Sandbox>();

function answer(reply: BridgeReply): void {
  port.postMessage(reply);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

function start(): Sandbox {
  const child = fork(childScript, [], {
    execArgv,
    // Nothing of ours leaks in: no NODE_OPTIONS, no tokens in the environment.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const box: Sandbox = { child, stderr: '' };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (box.stderr = (box.stderr + d).slice(-4000)));
  child.on('message', (m: ChildReply | ChildLog) => {
    if (m.type === 'log') return log(String(m.text));
    if (box.pending === undefined) return;
    const id = box.pending;
    box.pending = undefined;
    answer({ id, kind: 'reply', reply: m });
  });
  child.on('error', (e) => end(box, `could not be started: ${e.message}`));
  // 'close' comes after stderr is read to the end, so the reason can quote it.
  child.on('close', (code, sig) => end(box, sig ? `was killed by ${sig}${lastLine(box.stderr)}` : `exited with code ${code}${lastLine(box.stderr)}`));
  return box;
}

function end(box: Sandbox, why: string): void {
  if (box.ended) return;
  box.ended = why;
  if (box.pending !== undefined) answer({ id: box.pending, kind: 'ended', why });
  box.pending = undefined;
}

/** What the space file logged goes to our stderr; a closed stderr must not take this thread down. */
function log(text: string): void {
  try {
    writeSync(2, text + '\n');
  } catch {
    // Nobody is listening.
  }
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|not confined|bad option/i.test(l)) ?? lines[lines.length - 1];
  return line ? `: ${line}` : '';
}

port.on('message', (req: BridgeRequest) => {
  let box = sandboxes.get(req.sandbox);
  if (req.kind === 'end') {
    if (box && !box.ended) {
      box.ended = req.why;
      box.child.kill('SIGKILL');
    }
    if (req.forget) sandboxes.delete(req.sandbox);
    return;
  }
  if (!box) sandboxes.set(req.sandbox, (box = start()));
  if (req.kind === 'start') return;
  if (box.ended) return answer({ id: req.id, kind: 'ended', why: box.ended });
  const waiting = box;
  waiting.pending = req.id;
  waiting.child.send(req.message, (e) => {
    if (e) end(waiting, `could not be reached: ${e.message}`);
  });
});
