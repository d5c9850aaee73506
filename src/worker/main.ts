// The search worker: the child process the extension forks. It is the only place that
// evaluates a user's .nasspace.ts or loads TensorFlow.js, so a bad space file or a crashing
// training step cannot freeze the editor. Every message from the host is validated by the
// RpcEndpoint before a handler runs; events stream back as the runtime produces them.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CandidateRecord } from '../core/run/types';
import { CANDIDATES_FILE, readCandidates, readRunInfo } from '../core/run/store';
import type { SearchSpace } from '../core/space/searchSpace';
import type { ArchitectureGraph } from '../core/space/types';
import type { ArchitectureDetail } from '../protocol/records';
import { RpcEndpoint, Transport } from '../protocol/rpc';
import { hostSideForWorker, workerSide } from '../protocol/workerProtocol';
import { runSearch } from './runtime';
import type { SearchEvents } from '../protocol/runtimeTypes';
import { describeSpace } from './describeSpace';
import { loadSpaceFile } from './spaceLoader';

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

const events: SearchEvents = {
  onRunStarted: (info, runDir) => rpc.emit('runStarted', { info, runDir }),
  onCandidate: (record) => rpc.emit('candidate', record),
  onProgress: (progress) => rpc.emit('progress', progress),
  onLog: (level, message) => rpc.emit('log', { level, message }),
};

rpc.serve('describeSpace', ({ file }) => describeSpace(file));

rpc.serve('startSearch', async (request) => {
  if (running) throw new Error('a search is already running in this worker');
  const controller = new AbortController();
  running = controller;
  try {
    return await runSearch(request, events, controller.signal);
  } finally {
    running = undefined;
  }
});

rpc.serve('stopSearch', () => {
  const stopped = running !== undefined;
  running?.abort();
  return { stopped };
});

// Loading a space bundles and evaluates the user's file: keep the last few, keyed by mtime,
// since the panel asks for one candidate after another from the same space.
const spaces = new Map<string, { mtimeMs: number; space: SearchSpace; hash: string }>();
async function loadCached(file: string): Promise<{ space: SearchSpace; hash: string }> {
  const { mtimeMs } = await fs.stat(file);
  const cached = spaces.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached;
  const { space, hash } = await loadSpaceFile(file);
  if (spaces.size >= 4) spaces.delete(spaces.keys().next().value as string);
  spaces.set(file, { mtimeMs, space, hash });
  return { space, hash };
}
const spaceFor = async (file: string): Promise<SearchSpace> => (await loadCached(file)).space;

function detail(space: SearchSpace, key: string, encoding: readonly number[]): ArchitectureDetail {
  const arch = { encoding };
  const problem = space.check(arch);
  if (problem) throw new Error(`candidate ${key} is not in the space ${space.name} (the file may have changed since the run): ${problem}`);
  const graph = space.decode(arch);
  return {
    key,
    input: graph.input,
    classes: graph.classes,
    params: graph.params,
    macs: graph.macs,
    layers: graph.nodes.map((n) => ({ id: n.id, op: n.op, group: n.group, inputs: n.inputs, shape: n.shape, params: n.params, macs: n.macs, attrs: n.attrs })),
    values: space.values(arch),
  };
}

rpc.serve('decodeCandidate', async ({ spaceFile, encoding, key }) => detail(await spaceFor(spaceFile), key, encoding));

rpc.serve('exportCandidate', async ({ runDir, key, outDir }) => {
  const info = readRunInfo(runDir);
  const log = path.join(runDir, CANDIDATES_FILE);
  const record = readCandidates(log).records.find((r) => r.key === key);
  if (!record) throw new Error(`candidate ${key} is not in ${log}`);
  const { space, hash } = await loadCached(info.spaceFile);
  // The model must be the one that was evaluated: refuse when the space file has changed since.
  if (hash !== info.spaceHash) throw new Error(`${info.spaceFile} has changed since run ${info.runId}; the exported model would not be the evaluated one`);
  return exportCandidate(space, record, outDir);
});

/**
 * Writes architecture.json (decoded graph, decisions, metrics) and, when the model builder can
 * build the graph, a TensorFlow.js model folder whose model.json topology is a Keras layers config.
 */
async function exportCandidate(space: SearchSpace, record: CandidateRecord, outDir: string): Promise<{ files: string[]; warnings: string[] }> {
  const arch = { encoding: record.encoding };
  const graph = space.decode(arch);
  await fs.mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const warnings: string[] = [];
  const archFile = path.join(outDir, 'architecture.json');
  const architecture = { space: space.name, key: record.key, encoding: record.encoding, values: space.values(arch), status: record.status, metrics: record.metrics, graph };
  await fs.writeFile(archFile, JSON.stringify(architecture, null, 2) + '\n');
  files.push(archFile);
  try {
    files.push(...(await saveTfjsModel(graph, outDir)));
  } catch (e) {
    warnings.push(`model.json was not written: ${(e as Error).message}`);
  }
  return { files, warnings };
}

/** model.json + weights.bin through tf.io.withSaveHandler (tfjs-node's file:// handler may be absent). */
async function saveTfjsModel(graph: ArchitectureGraph, outDir: string): Promise<string[]> {
  // Loaded only when exporting: TensorFlow.js takes a while to load and most requests never need it.
  const [tf, { buildModel }, { selectBackend }] = await Promise.all([import('@tensorflow/tfjs'), import('../train/modelBuilder'), import('../train/backend')]);
  await selectBackend();
  const model = buildModel(graph);
  const modelFile = path.join(outDir, 'model.json');
  const weightsFile = path.join(outDir, 'weights.bin');
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = artifacts.weightData;
        const buffers = weights === undefined ? [] : Array.isArray(weights) ? weights : [weights];
        await fs.writeFile(weightsFile, Buffer.concat(buffers.map((b) => Buffer.from(b))));
        const json = { format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }] };
        await fs.writeFile(modelFile, JSON.stringify(json));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
  } finally {
    model.dispose();
  }
  return [modelFile, weightsFile];
}

// Stop cleanly on SIGTERM (the host's Stop): abort the search so the run store closes its
// files, then exit. The host follows up with SIGKILL if this takes too long.
process.on('SIGTERM', () => {
  if (!running) process.exit(0);
  running.abort();
  const waitForRun = setInterval(() => {
    if (!running) process.exit(0);
  }, 20);
  waitForRun.unref();
});
// The host went away (window closed, extension host crashed): nothing left to report to.
process.on('disconnect', () => {
  running?.abort();
  setTimeout(() => process.exit(0), 1000).unref();
});
