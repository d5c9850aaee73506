// Exports an evaluated candidate to deploy or fine-tune: its decoded architecture, a TensorFlow.js
// layers model (model.json + weights.bin) holding the weights the user chose, export.json saying
// plainly which weights those are, their validation accuracy and training settings, and a
// README.md with the code that loads the model in Node and in a browser.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readScoredWeightsInfo } from '../core/run/runFolder';
import type { CandidateRecord } from '../core/run/types';
import type { SearchSpace } from '../core/space/searchSpace';
import { selectBackend } from './backend';
import { DatasetError } from './data/dataset';
import { loadDataset } from './data/loadDataset';
import { exportReadme, inputNote, type ExportFacts } from './exportReadme';
import { MODEL_FILE, parameterCounts, saveLayersModel, WEIGHTS_FILE } from './layersModelFiles';
import { buildModel } from './modelBuilder';
import { dataMismatch } from './proxyEstimator';
import type { ProxySettings } from './proxySettings';
import { loadScoredModel } from './scoredWeights';
import { toTensors, trainOnce, type TrainingStep } from './trainCandidate';

/** Which weights the exported model holds. */
export type WeightsChoice =
  /** The seed-0 weights the proxy scored the candidate with, kept in the run folder. */
  | { kind: 'scored' }
  /** Trained now with these settings (dataset, epochs, ...). */
  | { kind: 'train'; settings: ProxySettings }
  /** Freshly initialised with this seed: the architecture only, to train elsewhere. */
  | { kind: 'untrained'; seed: number };

export interface ExportRequest {
  space: SearchSpace;
  record: CandidateRecord;
  runDir: string;
  runId: string;
  outDir: string;
  weights: WeightsChoice;
  signal?: AbortSignal;
  /** Hears every training batch (train-now only). */
  onStep?: (step: TrainingStep) => void;
}

export interface ExportResult {
  files: string[];
  warnings: string[];
  /** One line saying which weights the model holds and what they score, for the CLI and the editor. */
  weights: string;
}

const EXPORT_INFO_FILE = 'export.json';
const ARCHITECTURE_FILE = 'architecture.json';
const README_FILE = 'README.md';

/** Classes of layers buildModel may use that plain TensorFlow.js does not know (registered in modelBuilder.ts, dilatedDepthwiseLayer.ts). */
const CUSTOM_LAYERS = ['NasZeros', 'NasDilatedDepthwiseConv2D'];

export async function exportCandidate(req: ExportRequest): Promise<ExportResult> {
  const { space, record, outDir } = req;
  const arch = { encoding: record.encoding };
  const graph = space.decode(arch);
  await selectBackend();
  const { model, facts, dispose } = await modelWithWeights(req, graph);
  try {
    await fs.mkdir(outDir, { recursive: true });
    const files: string[] = [];
    const warnings: string[] = [];
    const write = async (name: string, text: string) => {
      await fs.writeFile(path.join(outDir, name), text);
      files.push(path.join(outDir, name));
    };
    await write(ARCHITECTURE_FILE, JSON.stringify({ space: space.name, key: record.key, encoding: record.encoding, values: space.values(arch), status: record.status, metrics: record.metrics, graph }, null, 2) + '\n');
    files.push(...(await saveLayersModel(model, outDir)));
    const topology = JSON.stringify(model.toJSON(null, false));
    const custom = CUSTOM_LAYERS.filter((c) => topology.includes(`"${c}"`));
    if (custom.length) warnings.push(`the model uses layers of nas-workbench's own (${custom.join(', ')}): register them before loading it elsewhere (README.md)`);
    if (facts.kind === 'untrained') warnings.push('the model holds freshly initialised weights: it predicts nothing useful until trained');
    const input = model.inputs[0].shape.slice(1) as number[];
    const note = inputNote(input, graph.input);
    if (note) warnings.push(`the model takes ${input.join('x')} images, the run's proxy input down-scaled from the architecture's ${graph.input.join('x')} (README.md says how to feed it)`);
    const full: ExportFacts = { ...facts, run: req.runId, candidate: { index: record.index, key: record.key }, space: space.name, input, architectureInput: [...graph.input], ...(note ? { inputNote: note } : {}), classes: graph.classes, parameters: parameterCounts(model), customLayers: custom };
    await write(EXPORT_INFO_FILE, JSON.stringify({ ...full, files: [ARCHITECTURE_FILE, MODEL_FILE, WEIGHTS_FILE, README_FILE] }, null, 2) + '\n');
    await write(README_FILE, exportReadme(full));
    return { files, warnings, weights: full.weightsLine };
  } finally {
    dispose();
  }
}

type WeightsFacts = Pick<ExportFacts, 'kind' | 'weightsLine' | 'valAcc' | 'valLoss' | 'training' | 'classNames'>;

async function modelWithWeights(req: ExportRequest, graph: ReturnType<SearchSpace['decode']>): Promise<{ model: tf.LayersModel; facts: WeightsFacts; dispose(): void }> {
  const w = req.weights;
  const at = `candidate #${req.record.index} of run ${req.runId}`;
  if (w.kind === 'scored') {
    const info = readScoredWeightsInfo(req.runDir, req.record.key);
    if (!info) throw new Error(`run ${req.runId} kept no trained weights for ${at} (proxy runs keep them unless keepWeights=0, except for candidates a 'nas worker' evaluated through a queue); train it now instead`);
    const model = await loadScoredModel(req.runDir, req.record.key);
    const repeats = info.settings.repeats > 1 ? ` (the run's val_acc ${req.record.metrics.val_acc?.toFixed(3)} is the mean over ${info.settings.repeats} seeds)` : '';
    const line = `the weights ${at} was scored with: seed ${info.seed}, ${plural(info.epochs, 'epoch')} on ${info.settings.dataset} (${info.settings.subset} samples), val_acc ${info.valAcc.toFixed(3)}${repeats}`;
    return { model, facts: { kind: 'scored', weightsLine: line, valAcc: info.valAcc, valLoss: info.valLoss, training: info.settings }, dispose: () => model.dispose() };
  }
  if (w.kind === 'untrained') {
    const model = buildModel(graph, { seed: w.seed });
    return { model, facts: { kind: 'untrained', weightsLine: `freshly initialised weights (seed ${w.seed}), not trained`, training: undefined }, dispose: () => model.dispose() };
  }
  const s = w.settings;
  const splits = loadDataset({ source: s.dataset, seed: s.seed, trainSubset: s.subset, validationSubset: s.validationSubset, downscale: s.downscale, classes: graph.classes });
  const mismatch = dataMismatch(graph, splits.train, s.downscale);
  if (mismatch) throw new DatasetError(splits.file ?? splits.source, mismatch);
  const data = { train: toTensors(splits.train), validation: toTensors(splits.validation) };
  try {
    const run = await trainOnce(graph, data, s, req.signal, undefined, req.onStep);
    if (run.failure) {
      run.dispose();
      throw new Error(`training ${at} failed: ${run.failure}`);
    }
    const line = `weights trained now: seed ${s.seed}, ${plural(s.epochs, 'epoch')} on ${splits.source} (${splits.train.labels.length} samples), val_acc ${run.valAcc.toFixed(3)}`;
    return { model: run.model, facts: { kind: 'trained', weightsLine: line, valAcc: run.valAcc, valLoss: run.valLoss, training: s, classNames: splits.train.classNames }, dispose: run.dispose };
  } finally {
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
