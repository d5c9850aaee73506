// The search worker: the child process the extension forks. It is the only place that
// evaluates a user's .nasspace.ts or loads TensorFlow.js, so a bad space file or a crashing
// training step cannot freeze the editor. Every message from the host is validated by the
// RpcEndpoint before a handler runs; events stream back as the runtime produces them.
import * as fs from 'node:fs/promises';
import type { SearchSpace } from '../core/space/searchSpace';
import { drawArchitecture, latencyOf } from '../core/space/architectureDrawing';
import type { ArchitectureDetail } from '../protocol/records';
import { RpcEndpoint, Transport } from '../protocol/rpc';
import { hostSideForWorker, workerSide } from '../protocol/workerProtocol';
import { INTERRUPTED, runSearch } from '../runtime/runtime';
import type { SearchEvents, SearchProgress } from '../protocol/runtimeTypes';
import type { CandidateRecord } from '../core/run/types';
import { LatestPredictions, PREDICTED_SHOWN } from '../core/run/predictedLog';
import { describeSpace } from '../runtime/describeSpace';
import { loadSpaceFile } from '../runtime/spaceLoader';
import { tableColumns } from '../runtime/estimators';
import { deviceShares } from '../runtime/deviceShares';

const send = process.send?.bind(process);
if (!send) {
  console.error('dist/worker.js is the NAS extension\'s search worker: it must be started with child_process.fork (use `nas search` on the command line).');
  process.exit(2);
}

const transport: Transport = {
  send: (m) => {
    if (process.connected) send(m as object);
  },
  onMessage: (listener) => {
    process.on('message', listener);
    return () => process.off('message', listener);
  },
};
const rpc = new RpcEndpoint(workerSide, hostSideForWorker, transport, (reason) => console.error(`dropped a message from the host: ${reason}`));

let running: AbortController | undefined;

/**
 * Records and progress go out in batches at most every BATCH_MS: a table run records thousands
 * of candidates a second, and one IPC message each kept the host busy long after the run log was
 * complete. After a quiet BATCH_MS they go out at once (in the next turn, so a record and its
 * progress travel together): a proxy candidate (seconds each) is not held back at all.
 */
const BATCH_MS = 50;
let batch: CandidateRecord[] = [];
/** The latest prediction of each key since the last batch, bounded like the panel's layer. */
let predicted = new LatestPredictions(PREDICTED_SHOWN);
let latest: SearchProgress | undefined;
let batchTimer: NodeJS.Timeout | undefined;
let lastFlush = Number.NEGATIVE_INFINITY;
function flush(): void {
  if (batchTimer) clearTimeout(batchTimer);
  batchTimer = undefined;
  if (batch.length) rpc.emit('candidates', batch);
  if (predicted.size) rpc.emit('predicted', predicted.values());
  predicted = new LatestPredictions(PREDICTED_SHOWN);
  if (latest) rpc.emit('progress', latest);
  batch = [];
  latest = undefined;
  lastFlush = Date.now();
}
const soon = () => (batchTimer ??= setTimeout(flush, Math.max(0, lastFlush + BATCH_MS - Date.now())));

const events: SearchEvents = {
  onRunStarted: (info, runDir) => rpc.emit('runStarted', { info, runDir }),
  onCandidate: (record) => {
    batch.push(record);
    soon();
  },
  onProgress: (progress) => {
    latest = progress;
    soon();
  },
  onPredicted: (records) => {
    predicted.add(records);
    soon();
  },
  onTraining: (progress) => rpc.emit('training', progress),
  onLog: (level, message) => rpc.emit('log', { level, message }),
};

rpc.serve('describeSpace', ({ file }) => describeSpace(file));
rpc.serve('tableColumns', ({ estimator }) => tableColumns(estimator, process.cwd()));

rpc.serve('startSearch', async (request) => {
  if (running) throw new Error('a search is already running in this worker');
  const controller = new AbortController();
  running = controller;
  try {
    return await runSearch(request, events, controller.signal);
  } finally {
    // Every record reaches the host before the search's answer does.
    flush();
    running = undefined;
  }
});

rpc.serve('stopSearch', ({ interrupted }) => {
  const stopped = running !== undefined;
  running?.abort(interrupted ? INTERRUPTED : undefined);
  return { stopped };
});

// Loading a space bundles and evaluates the user's file: keep the last few, keyed by mtime,
// since the panel asks for one candidate after another from the same space.
const spaces = new Map<string, { mtimeMs: number; space: SearchSpace }>();
async function spaceFor(file: string): Promise<SearchSpace> {
  const { mtimeMs } = await fs.stat(file);
  const cached = spaces.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.space;
  const { space } = await loadSpaceFile(file);
  if (spaces.size >= 4) spaces.delete(spaces.keys().next().value as string);
  spaces.set(file, { mtimeMs, space });
  return space;
}

/** `devices`: the run's, whose profiles attribute its predicted latency to the nodes (read, never measured). */
function detail(space: SearchSpace, key: string, encoding: readonly number[], devices: readonly string[]): ArchitectureDetail {
  const arch = { encoding };
  const problem = space.check(arch);
  if (problem) throw new Error(`candidate ${key} is not in the space ${space.name} (the file may have changed since the run): ${problem}`);
  const graph = space.decode(arch);
  const latencies = deviceShares(devices, process.cwd(), graph);
  return {
    key,
    input: graph.input,
    classes: graph.classes,
    params: graph.params,
    macs: graph.macs,
    layers: graph.nodes.map((n) => {
      const latency = latencyOf([n.id], latencies);
      return { id: n.id, op: n.op, group: n.group, inputs: n.inputs, shape: n.shape, params: n.params, macs: n.macs, attrs: n.attrs, ...(latency ? { latency } : {}) };
    }),
    values: space.values(arch),
    drawing: drawArchitecture(graph, space.cellDags(arch), latencies),
  };
}

rpc.serve('decodeCandidate', async ({ spaceFile, encoding, key, devices }) => detail(await spaceFor(spaceFile), key, encoding, devices ?? []));

/** How often an export's training reports within an epoch: enough for a notification, not a message per batch. */
const EXPORT_PROGRESS_MS = 250;

rpc.serve('exportCandidate', async ({ runDir, key, outDir, weights, train }) => {
  // TensorFlow.js loads only when a model is exported.
  const { exportRunCandidate } = await import('../runtime/exportRun');
  let sentAt = 0;
  const onStep = ({ epoch, epochs, batch, batches, loss }: { epoch: number; epochs: number; batch: number; batches: number; loss: number }) => {
    const now = Date.now();
    if (batch !== batches && now - sentAt < EXPORT_PROGRESS_MS) return;
    sentAt = now;
    rpc.emit('exportTraining', { outDir, epoch, epochs, batch, batches, loss });
  };
  const { files, warnings, weights: line } = await exportRunCandidate({ runDir, candidate: key, outDir, weights: weights === 'train' ? { kind: 'train', overrides: train ?? {} } : { kind: weights }, onStep });
  return { files, warnings, weights: line };
});

// Stop cleanly on SIGTERM: abort the search so the run store closes its files, then exit. The
// host follows up with SIGKILL if this takes too long. A user's Stop has already asked
// (stopSearch) and the run ends stopped; a SIGTERM alone is the host going away (window reload
// or close), which leaves the run interrupted.
process.on('SIGTERM', () => {
  if (!running) process.exit(0);
  running.abort(INTERRUPTED);
  const waitForRun = setInterval(() => {
    if (!running) process.exit(0);
  }, 20);
  waitForRun.unref();
});
// The host went away (window closed, extension host crashed): nothing left to report to.
process.on('disconnect', () => {
  running?.abort(INTERRUPTED);
  setTimeout(() => process.exit(0), 1000).unref();
});
