// `--estimator proxy`: scores a candidate by training it briefly on (a subset of) the dataset,
// then measures its batch-1 latency once training is over. Settings come from the command line
// (--train K=V) and the space file's `train` defaults.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import type { EvaluationRequest, EvaluationResult, Estimator } from '../core/estimate/types';
import type { ArchitectureGraph } from '../core/space/types';
import { loadDataset, type DatasetSplits } from './data/loadDataset';
import type { Dataset } from './data/dataset';
import { measureLatency } from './latency';
import { buildModel, refuseIfTooLarge } from './modelBuilder';

export interface ProxySettings {
  epochs: number;
  /** Training samples (stratified subset of the training part). */
  subset: number;
  /** Validation samples (stratified subset of the validation part). */
  validationSubset: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd';
  /** Peak learning rate. */
  learningRate: number;
  /**
   * 'cosine' decays the rate from learningRate to 0 over all the steps of the run, so the score is
   * read from settled weights rather than from wherever a constant rate left them on its last
   * step; measured on Fashion-MNIST, that step-to-step wobble was as large as the differences
   * between candidates (bench/proxy-fidelity). 'constant' keeps learningRate throughout.
   */
  schedule: 'cosine' | 'constant';
  /** Integer input down-scaling factor for training (1 = full resolution). */
  downscale: number;
  widthMultiplier: number;
  seed: number;
  /**
   * Trainings per candidate, with seeds seed, seed + 1, ...: the scores are their means. A short
   * training's result depends on its initial weights about as much as on the architecture
   * (bench/proxy-fidelity: two seeds of the same 20 candidates rank them alike at Kendall's tau
   * 0.39 only); averaging repeats trades time for a ranking that can be trusted.
   */
  repeats: number;
  /** 'builtin', 'fashion-mnist' or a path (see loadDataset). */
  dataset: string;
  /** Candidates whose training would need more are rejected before being built. */
  memoryBudgetMb: number;
  /** A batch loss above this (or NaN/Infinity) stops the candidate as diverged. 0: 10 x ln(classes). */
  divergenceLoss: number;
  /** 0 skips latency measurement. */
  latency: number;
  /** Batch-norm moving-average momentum; lower than tfjs's 0.99 so a few hundred steps suffice. */
  bnMomentum: number;
  /** Training samples used to recompute batch-norm statistics after training (0: off). */
  bnRecalibration: number;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
  epochs: 1,
  subset: 2000,
  validationSubset: 1000,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.002,
  schedule: 'cosine',
  downscale: 1,
  widthMultiplier: 1,
  seed: 0,
  repeats: 1,
  dataset: 'builtin',
  memoryBudgetMb: 2048,
  divergenceLoss: 0,
  latency: 1,
  bnMomentum: 0.9,
  bnRecalibration: 500,
};

const POSITIVE_INTS = ['epochs', 'subset', 'validationSubset', 'batchSize', 'downscale', 'repeats'] as const;

/** Settings from `--train K=V` / the space file; unknown keys and bad values are errors naming the key. */
export function parseProxySettings(raw: Record<string, number | string | undefined> = {}): ProxySettings {
  const s: ProxySettings = { ...DEFAULT_PROXY_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(key in s)) throw new Error(`unknown proxy-training setting "${key}": expected one of ${Object.keys(s).join(', ')}`);
    if (key === 'dataset') {
      s.dataset = String(value);
    } else if (key === 'optimizer') {
      if (value !== 'adam' && value !== 'sgd') throw new Error(`proxy-training setting optimizer must be adam or sgd, got "${value}"`);
      s.optimizer = value;
    } else if (key === 'schedule') {
      if (value !== 'cosine' && value !== 'constant') throw new Error(`proxy-training setting schedule must be cosine or constant, got "${value}"`);
      s.schedule = value;
    } else {
      const n = typeof value === 'number' ? value : Number(value);
      const isInt = (POSITIVE_INTS as readonly string[]).includes(key);
      if (isInt ? !(Number.isInteger(n) && n >= 1) : !(Number.isFinite(n) && n >= 0)) {
        throw new Error(`proxy-training setting ${key} must be ${isInt ? 'a whole number >= 1' : 'a number >= 0'}, got "${value}"`);
      }
      (s as unknown as Record<string, number>)[key] = n;
    }
  }
  if (!(s.learningRate > 0)) throw new Error('proxy-training setting learningRate must be > 0');
  if (!Number.isInteger(s.bnRecalibration)) throw new Error('proxy-training setting bnRecalibration must be a whole number of samples');
  if (!(s.bnMomentum < 1)) throw new Error('proxy-training setting bnMomentum must be in [0, 1)');
  if (!(s.widthMultiplier > 0)) throw new Error('proxy-training setting widthMultiplier must be > 0');
  return s;
}

export interface TensorData {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
  n: number;
  shape: [number, number, number];
  classes: number;
}

export function toTensors(ds: Dataset): TensorData {
  const n = ds.labels.length;
  return tf.tidy(() => ({
    x: tf.tensor4d(ds.images, [n, ...ds.shape]),
    y: tf.oneHot(tf.tensor1d(ds.labels, 'int32'), ds.classes).toFloat() as tf.Tensor2D,
    n,
    shape: ds.shape,
    classes: ds.classes,
  }));
}

export class ProxyEstimator implements Estimator {
  readonly name = 'proxy';
  private tensors?: { train: TensorData; validation: TensorData };

  /** `data` replaces the dataset named in the settings (tests, callers that already hold data); it must already be down-scaled and subset. */
  constructor(
    readonly settings: ProxySettings = DEFAULT_PROXY_SETTINGS,
    private readonly data?: DatasetSplits,
  ) {}

  metricNames(): string[] {
    const spread = this.settings.repeats > 1 ? ['val_acc_sd'] : [];
    return ['val_acc', 'val_loss', ...spread, 'train_time_s', 'samples_per_s', 'params', 'flops', 'latency_ms', 'latency_iqr_ms'];
  }

  private loadTensors(): { train: TensorData; validation: TensorData } {
    if (!this.tensors) {
      const s = this.settings;
      const splits = this.data ?? loadDataset({ source: s.dataset, seed: s.seed, trainSubset: s.subset, validationSubset: s.validationSubset, downscale: s.downscale });
      this.tensors = { train: toTensors(splits.train), validation: toTensors(splits.validation) };
    }
    return this.tensors;
  }

  async evaluate(request: EvaluationRequest, signal?: AbortSignal): Promise<EvaluationResult> {
    const backend = tf.getBackend();
    const graph = request.graph;
    if (!graph) return { status: 'failed', metrics: {}, error: 'the proxy estimator needs the decoded architecture graph', backend };
    const s = this.settings;
    const cost = { params: graph.params, flops: 2 * graph.macs };
    const tooLarge = refuseIfTooLarge(graph, s.memoryBudgetMb * 2 ** 20, s.batchSize);
    if (tooLarge) return { status: 'rejected', metrics: cost, error: tooLarge, backend };
    const data = this.loadTensors();
    const mismatch = dataMismatch(graph, data.train, s.downscale);
    if (mismatch) return { status: 'failed', metrics: cost, error: mismatch, backend };

    const runs: TrainedRun[] = [];
    try {
      for (let r = 0; r < s.repeats; r++) {
        if (signal?.aborted) return { status: 'failed', metrics: cost, error: 'stopped: the evaluation was cancelled', backend };
        const run = await trainOnce(graph, data, { ...s, seed: s.seed + r }, signal);
        runs.push(run);
        // The first model stays for the latency measurement; the others go as soon as scored.
        if (r > 0) run.dispose();
        if (run.failure) {
          const seed = s.repeats > 1 ? ` (training with seed ${s.seed + r})` : '';
          return { status: 'failed', metrics: { ...cost, train_time_s: sum(runs.map((x) => x.seconds)) }, error: run.failure + seed, backend, details: { lossCurve: fourDigits(run.lossCurve) } };
        }
      }
      const seconds = sum(runs.map((x) => x.seconds));
      const metrics: Record<string, number> = {
        ...cost,
        val_acc: mean(runs.map((x) => x.valAcc)),
        val_loss: mean(runs.map((x) => x.valLoss)),
        train_time_s: seconds,
        samples_per_s: sum(runs.map((x) => x.samples)) / seconds,
      };
      if (s.repeats > 1) metrics.val_acc_sd = standardDeviation(runs.map((x) => x.valAcc));
      if (s.latency > 0) Object.assign(metrics, await latencyOf(graph, runs[0].model, s));
      const lossCurve = fourDigits(runs[0].lossCurve.map((_, i) => mean(runs.map((x) => x.lossCurve[i]))));
      return { status: 'ok', metrics, backend, details: { lossCurve, trainedParams: runs[0].model.countParams() } };
    } finally {
      for (const run of runs) run.dispose();
    }
  }

  async dispose(): Promise<void> {
    if (this.tensors) tf.dispose([this.tensors.train.x, this.tensors.train.y, this.tensors.validation.x, this.tensors.validation.y]);
    this.tensors = undefined;
  }
}

interface TrainedRun extends TrainingOutcome {
  model: tf.LayersModel;
  valAcc: number;
  valLoss: number;
  dispose(): void;
}

/** Builds the candidate with `s.seed`, trains it, recalibrates batch norm and validates it; the caller disposes the run. */
async function trainOnce(graph: ArchitectureGraph, data: { train: TensorData; validation: TensorData }, s: ProxySettings, signal?: AbortSignal): Promise<TrainedRun> {
  const model = buildModel(graph, { seed: s.seed, widthMultiplier: s.widthMultiplier, batchNormMomentum: s.bnMomentum, ...(s.downscale !== 1 ? { inputShape: data.train.shape } : {}) });
  const optimizer = s.optimizer === 'adam' ? tf.train.adam(s.learningRate) : tf.train.sgd(s.learningRate);
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    model.dispose();
    optimizer.dispose();
  };
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const training = await train(model, data.train, s, signal);
    if (training.failure) return { ...training, model, valAcc: NaN, valLoss: NaN, dispose };
    if (s.bnRecalibration > 0) recalibrateBatchNorm(model, data.train, s.bnRecalibration);
    const [valLoss, valAcc] = evaluateOn(model, data.validation);
    const failure = Number.isFinite(valLoss) ? undefined : `validation loss is ${valLoss}`;
    return { ...training, ...(failure ? { failure } : {}), model, valAcc, valLoss, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
/** Plenty for a loss curve, and the run log stays small. */
const fourDigits = (xs: number[]) => xs.map((x) => Number(x.toPrecision(4)));
const standardDeviation = (xs: number[]) => Math.sqrt(sum(xs.map((x) => (x - mean(xs)) ** 2)) / (xs.length - 1));

function dataMismatch(graph: ArchitectureGraph, train: TensorData, downscale: number): string | undefined {
  if (graph.classes !== train.classes) return `the architecture has ${graph.classes} classes, the dataset ${train.classes}`;
  const [h, w, c] = graph.input;
  const want = [h / downscale, w / downscale, c];
  if (want.some((d, i) => d !== train.shape[i])) {
    return `the architecture's input [${graph.input.join(', ')}]${downscale !== 1 ? ` down-scaled by ${downscale}` : ''} does not match the dataset's images [${train.shape.join(', ')}]`;
  }
  return undefined;
}

interface TrainingOutcome {
  seconds: number;
  samples: number;
  lossCurve: number[];
  failure?: string;
}

/**
 * Epoch by epoch, each on a seeded permutation (tfjs's own shuffle uses Math.random), watching
 * every batch loss so a diverging candidate stops at once instead of wasting the budget.
 */
async function train(model: tf.LayersModel, data: TensorData, s: ProxySettings, signal?: AbortSignal): Promise<TrainingOutcome> {
  const limit = s.divergenceLoss > 0 ? s.divergenceLoss : 10 * Math.log(data.classes);
  const rng = new Rng(s.seed);
  const lossCurve: number[] = [];
  let failure: string | undefined;
  let samples = 0;
  const stepsPerEpoch = Math.ceil(data.n / s.batchSize);
  const setRate = learningRateSetter(model.optimizer);
  const start = performance.now();
  for (let epoch = 0; epoch < s.epochs && !failure; epoch++) {
    const order = tf.tensor1d(rng.shuffle(Array.from({ length: data.n }, (_, i) => i)), 'int32');
    const x = tf.gather(data.x, order);
    const y = tf.gather(data.y, order);
    order.dispose();
    try {
      await model.fit(x, y, {
        epochs: 1,
        batchSize: s.batchSize,
        shuffle: false,
        verbose: 0,
        callbacks: {
          // A constant rate is the optimizer's own: nothing to set per step.
          ...(s.schedule === 'cosine' ? { onBatchBegin: async (batch: number) => setRate(learningRateAt(s, epoch * stepsPerEpoch + batch, s.epochs * stepsPerEpoch)) } : {}),
          onBatchEnd: async (batch, logs) => {
            const loss = logs?.loss ?? NaN;
            lossCurve.push(loss);
            samples += logs?.size ?? 0;
            if (!Number.isFinite(loss)) failure = `diverged: training loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}`;
            else if (loss > limit) failure = `diverged: training loss ${loss.toFixed(3)} exceeded ${limit.toFixed(3)} at epoch ${epoch + 1}, batch ${batch + 1}`;
            else if (signal?.aborted) failure = 'stopped: the evaluation was cancelled';
            if (failure) model.stopTraining = true;
          },
        },
      });
    } finally {
      tf.dispose([x, y]);
    }
  }
  return { seconds: (performance.now() - start) / 1000, samples, lossCurve, ...(failure ? { failure } : {}) };
}

/** The rate of step `step` (0-based) of `steps`: cosine from the peak down to 0 (reached after the last step), or constant. */
export function learningRateAt(s: Pick<ProxySettings, 'learningRate' | 'schedule'>, step: number, steps: number): number {
  if (s.schedule === 'constant') return s.learningRate;
  return 0.5 * s.learningRate * (1 + Math.cos((Math.PI * step) / steps));
}

/**
 * tfjs optimizers take the rate in their constructor only; SGD has setLearningRate (it keeps a
 * scalar of the rate), Adam reads its `learningRate` field on every step.
 */
function learningRateSetter(optimizer: tf.Optimizer): (rate: number) => void {
  const sgd = optimizer as Partial<Pick<tf.SGDOptimizer, 'setLearningRate'>>;
  if (typeof sgd.setLearningRate === 'function') return (rate) => sgd.setLearningRate!(rate);
  const adam = optimizer as unknown as { learningRate: number };
  return (rate) => (adam.learningRate = rate);
}

/**
 * Sets every batch-norm layer's moving mean and variance to the statistics of one large training
 * batch (BN recalibration, as in once-for-all networks). After a short training run the moving
 * averages lag far behind the fast-changing weights: measured on Fashion-MNIST, a small
 * MobileNetV2 after one epoch of 2,000 samples scored 0.13 validation accuracy in inference mode
 * while its training accuracy was 0.38. One training-mode forward pass with momentum 0 fixes that.
 */
export function recalibrateBatchNorm(model: tf.LayersModel, data: TensorData, samples: number): void {
  type WithMomentum = { momentum: number };
  const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization') as unknown as WithMomentum[];
  if (bns.length === 0) return;
  const saved = bns.map((l) => l.momentum);
  try {
    bns.forEach((l) => (l.momentum = 0));
    tf.tidy(() => {
      model.apply(data.x.slice(0, Math.min(samples, data.n)), { training: true });
    });
  } finally {
    bns.forEach((l, i) => (l.momentum = saved[i]));
  }
}

function evaluateOn(model: tf.LayersModel, data: TensorData): [number, number] {
  return tf.tidy(() => {
    const out = model.evaluate(data.x, data.y, { batchSize: 256 }) as tf.Scalar[];
    return [out[0].dataSync()[0], out[1].dataSync()[0]];
  });
}

/** Latency of the candidate itself: the trained model when it has the candidate's exact shape, else a fresh full-size build. */
async function latencyOf(graph: ArchitectureGraph, trained: tf.LayersModel, s: ProxySettings): Promise<Record<string, number>> {
  const exact = s.downscale === 1 && s.widthMultiplier === 1;
  const model = exact ? trained : buildModel(graph, { seed: s.seed });
  try {
    const r = await measureLatency(model, graph.input);
    return { latency_ms: r.medianMs, latency_iqr_ms: r.iqrMs };
  } finally {
    if (!exact) model.dispose();
  }
}
