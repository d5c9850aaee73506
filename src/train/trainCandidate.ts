// One proxy training of one candidate: build it with a seed, train it on a seeded order with the
// settings' schedule, recalibrate batch norm, validate. Used by the proxy estimator on its own
// thread and by the training threads that run its repeats in parallel (./trainingThreads.ts).
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import type { EvaluationProgress } from '../core/estimate/types';
import type { ArchitectureGraph } from '../core/space/types';
import type { Checkpoint } from './checkpoints';
import type { Dataset } from './data/dataset';
import { buildModel } from './modelBuilder';
import type { ProxySettings } from './proxySettings';

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

/** What a training yields apart from the model: all a training thread sends back. */
export interface TrainingScore extends TrainingOutcome {
  valAcc: number;
  valLoss: number;
}

/** The failure of a training stopped by its abort signal. */
export const CANCELLED = 'stopped: the evaluation was cancelled';

/** The score of a training that did not happen or broke off: `reason` is its failure. */
export function failedScore(reason: string): TrainingScore {
  return { valAcc: NaN, valLoss: NaN, seconds: 0, samples: 0, lossCurve: [], failure: reason };
}

export interface TrainedRun extends TrainingScore {
  model: tf.LayersModel;
  dispose(): void;
}

/** How a training at a fidelity level relates to the whole training it is a part of (multi-fidelity strategies). */
export interface Continuation {
  /** Weights and optimizer state after `from.epochs` epochs: training goes on from there to s.epochs. */
  from?: Checkpoint;
  /** The epochs the learning-rate schedule spans (the highest level), so a level's training is a prefix of the full one. */
  scheduleEpochs: number;
  /** Called with the trained model before batch-norm recalibration (what a continuation starts from). */
  keep?(model: tf.LayersModel): Promise<void>;
}

/** Where one training is, after a batch: what the estimator's progress reports, less the repeat and clock it adds. */
export type TrainingStep = Omit<EvaluationProgress, 'repeat' | 'repeats' | 'elapsedMs'>;

/** Builds the candidate with `s.seed`, trains it, recalibrates batch norm and validates it; the caller disposes the run. `onStep` hears every batch. */
export async function trainOnce(graph: ArchitectureGraph, data: { train: TensorData; validation: TensorData }, s: ProxySettings, signal?: AbortSignal, continuation?: Continuation, onStep?: (step: TrainingStep) => void): Promise<TrainedRun> {
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
    const from = continuation?.from;
    if (from) {
      model.setWeights(from.weights);
      await optimizer.setWeights(from.optimizer);
    }
    const training = await train(model, data.train, s, signal, from?.epochs ?? 0, continuation?.scheduleEpochs ?? s.epochs, onStep);
    if (training.failure) return { ...training, model, valAcc: NaN, valLoss: NaN, dispose };
    await continuation?.keep?.(model);
    if (s.bnRecalibration > 0) recalibrateBatchNorm(model, data.train, s.bnRecalibration);
    const [valLoss, valAcc] = evaluateOn(model, data.validation);
    const failure = Number.isFinite(valLoss) ? undefined : `validation loss is ${valLoss}`;
    return { ...training, ...(failure ? { failure } : {}), model, valAcc, valLoss, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

export interface TrainingOutcome {
  seconds: number;
  samples: number;
  lossCurve: number[];
  failure?: string;
}

/**
 * Epoch by epoch, each on a seeded permutation (tfjs's own shuffle uses Math.random), watching
 * every batch loss so a diverging candidate stops at once instead of wasting the budget. A
 * continuation starts at epoch `first` (the permutations of the epochs before are drawn and
 * skipped, so each epoch sees the order it would in one straight run) and the schedule spans
 * `scheduleEpochs`.
 */
async function train(model: tf.LayersModel, data: TensorData, s: ProxySettings, signal: AbortSignal | undefined, first: number, scheduleEpochs: number, onStep?: (step: TrainingStep) => void): Promise<TrainingOutcome> {
  const limit = s.divergenceLoss > 0 ? s.divergenceLoss : 10 * Math.log(data.classes);
  const rng = new Rng(s.seed);
  const lossCurve: number[] = [];
  let failure: string | undefined;
  let samples = 0;
  const stepsPerEpoch = Math.ceil(data.n / s.batchSize);
  const setRate = learningRateSetter(model.optimizer);
  const start = performance.now();
  for (let epoch = 0; epoch < first; epoch++) rng.shuffle(Array.from({ length: data.n }, (_, i) => i));
  for (let epoch = first; epoch < s.epochs && !failure; epoch++) {
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
          ...(s.schedule === 'cosine' ? { onBatchBegin: async (batch: number) => setRate(learningRateAt(s, epoch * stepsPerEpoch + batch, scheduleEpochs * stepsPerEpoch)) } : {}),
          onBatchEnd: async (batch, logs) => {
            const loss = logs?.loss ?? NaN;
            lossCurve.push(loss);
            samples += logs?.size ?? 0;
            if (!Number.isFinite(loss)) failure = `diverged: training loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}`;
            else if (loss > limit) failure = `diverged: training loss ${loss.toFixed(3)} exceeded ${limit.toFixed(3)} at epoch ${epoch + 1}, batch ${batch + 1}`;
            else if (signal?.aborted) failure = CANCELLED;
            if (failure) model.stopTraining = true;
            else onStep?.({ epoch: epoch + 1, epochs: s.epochs, batch: batch + 1, batches: stepsPerEpoch, loss, lossCurve });
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
