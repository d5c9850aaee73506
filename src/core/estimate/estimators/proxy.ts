// `proxy`: scores a candidate by training it briefly with TensorFlow.js (src/train/proxyEstimator.ts),
// then measures its batch-1 latency. Its settings come from `--train K=V` and the space file's
// `train` block.
import { ANALYTIC_METRICS, type MetricInfo } from '../catalog';
import type { EstimatorDescriptor } from '../descriptor';
import type { TrainDefaults } from '../../space/dsl';
import type { Assert, Same } from '../../validate';
import type { SettingsOf } from '../settings';

export const PROXY_SETTINGS = {
  epochs: { type: 'number', default: 1, min: 1, integer: true, description: 'training epochs' },
  subset: { type: 'number', default: 2000, min: 1, integer: true, description: 'training samples (a stratified subset of the training part)' },
  validationSubset: { type: 'number', default: 1000, min: 1, integer: true, description: 'validation samples (a stratified subset of the validation part)' },
  batchSize: { type: 'number', default: 64, min: 1, integer: true, description: 'samples per training step' },
  optimizer: { type: 'choice', default: 'adam', values: ['adam', 'sgd'], description: 'the optimizer' },
  learningRate: { type: 'number', default: 0.002, min: 0, minExclusive: true, description: 'peak learning rate' },
  // 'cosine' decays the rate from learningRate to 0 over all the steps of the run, so the score is
  // read from settled weights rather than from wherever a constant rate left them on its last
  // step; measured on Fashion-MNIST, that step-to-step wobble was as large as the differences
  // between candidates (bench/proxy-fidelity).
  schedule: { type: 'choice', default: 'cosine', values: ['cosine', 'constant'], description: 'cosine: decay the rate to 0 over the run; constant: keep it' },
  downscale: { type: 'number', default: 1, min: 1, integer: true, description: 'input down-scaling factor for training (1: full resolution)' },
  widthMultiplier: { type: 'number', default: 1, min: 0, minExclusive: true, description: 'scales every layer width for training' },
  seed: { type: 'number', default: 0, min: 0, description: 'seed of the weights, the data subsets and the shuffling (the search seed unless set)' },
  // A short training's result depends on its initial weights about as much as on the architecture
  // (bench/proxy-fidelity: two seeds of the same 20 candidates rank them alike at Kendall's tau
  // 0.39 only); averaging repeats trades time for a ranking that can be trusted.
  repeats: { type: 'number', default: 1, min: 1, integer: true, description: 'trainings per candidate (seeds seed, seed + 1, ...), scores averaged' },
  // Same scores however many run at once, only the wall time changes. The tensorflow backend
  // (tfjs-node, itself multi-threaded) always trains one at a time.
  threads: { type: 'number', default: 0, min: 0, integer: true, description: "how many of a candidate's repeats train at once, each on a thread (0: one per core)" },
  dataset: { type: 'text', default: 'builtin', description: "'builtin', 'fashion-mnist' or a path to a CSV file or an IDX/image folder" },
  memoryBudgetMb: { type: 'number', default: 2048, min: 0, description: 'candidates whose training would need more memory are rejected before being built' },
  divergenceLoss: { type: 'number', default: 0, min: 0, description: 'a batch loss above this (or NaN) stops the candidate as diverged (0: 10 x ln(classes))' },
  latency: { type: 'number', default: 1, min: 0, description: 'measure batch-1 latency after training (0: skip)' },
  // About 4 bytes per parameter per candidate on disk (src/train/scoredWeights.ts).
  keepWeights: { type: 'number', default: 1, min: 0, max: 1, integer: true, description: "keep each candidate's seed-0 trained weights in the run folder, so 'nas export' can write the scored model (0: don't)" },
  // Lower than tfjs's 0.99 so a few hundred steps suffice.
  bnMomentum: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, description: 'batch-norm moving-average momentum' },
  bnRecalibration: { type: 'number', default: 500, min: 0, integer: true, description: 'training samples used to recompute batch-norm statistics after training (0: off)' },
} as const;

export type ProxySettings = SettingsOf<typeof PROXY_SETTINGS>;

/** The settings a space file's `train` block may set (core/space/dsl.ts TrainDefaults). */
export const SPACE_FILE_TRAIN_SETTINGS = ['epochs', 'subset', 'batchSize', 'optimizer', 'learningRate', 'schedule', 'downscale', 'widthMultiplier', 'repeats'] as const satisfies readonly (keyof ProxySettings)[];

// Compile-time proof that the space file's typed `train` block is exactly those settings.
export type _TrainBlockCheck = Assert<Same<TrainDefaults, Partial<Pick<ProxySettings, (typeof SPACE_FILE_TRAIN_SETTINGS)[number]>>>>;

const analytic = (name: string): MetricInfo => ANALYTIC_METRICS.find((m) => m.name === name)!;

export const PROXY_METRICS: readonly MetricInfo[] = [
  { name: 'val_acc', direction: 'max', unit: 'fraction', description: 'validation accuracy after the short training (mean over repeats)', cost: 'expensive' },
  { name: 'val_loss', direction: 'min', unit: 'nats', description: 'validation cross-entropy after the short training (mean over repeats)', cost: 'expensive' },
  { name: 'val_acc_sd', direction: 'min', unit: 'fraction', description: 'standard deviation of val_acc over the repeats (only with repeats > 1)', cost: 'expensive' },
  { name: 'train_time_s', direction: 'min', unit: 's', description: "wall time of the candidate's trainings", cost: 'expensive' },
  { name: 'samples_per_s', direction: 'max', unit: 'samples/s', description: 'training throughput of one training', cost: 'expensive' },
  analytic('params'),
  analytic('flops'),
  { name: 'latency_ms', direction: 'min', unit: 'ms', description: 'median batch-1 inference latency on this machine (time waiting for a CPU left out)', cost: 'cheap' },
  { name: 'latency_iqr_ms', direction: 'min', unit: 'ms', description: 'interquartile range of the batch-1 latency measurements', cost: 'cheap' },
];

export const PROXY: EstimatorDescriptor = {
  summary: 'short training with TensorFlow.js',
  settings: PROXY_SETTINGS,
  needsGraph: true,
  metrics: PROXY_METRICS,
  fidelity: [
    // Epochs only for now: a level of subset or downscale would need the data loaded per level.
    { setting: 'epochs', min: 1, continues: true, description: 'training epochs; a promoted candidate continues from its weights and optimizer state (one training per candidate; with repeats, from scratch)' },
  ],
};
