// The proxy estimator's training settings: their defaults, and parsing them from `--train K=V`
// and the space file's `train` block (every bad key or value is an error naming it).

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
  /**
   * How many of a candidate's repeats train at once, each on its own thread (./trainingThreads.ts);
   * 0: one per core. Same scores either way, only the wall time changes. The tensorflow backend
   * (tfjs-node, itself multi-threaded) always trains one at a time.
   */
  threads: number;
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
  threads: 0,
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
  if (!Number.isInteger(s.threads)) throw new Error('proxy-training setting threads must be a whole number (0: one per core)');
  if (!(s.widthMultiplier > 0)) throw new Error('proxy-training setting widthMultiplier must be > 0');
  return s;
}
