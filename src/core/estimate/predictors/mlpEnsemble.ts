// An ensemble of small multi-layer perceptrons (BANANAS, White et al. 2021): each member has the
// same shape, its own seeded initial weights and its own order of mini-batches, and is trained by
// Adam on the squared error; the ensemble predicts the members' mean and their spread as the
// uncertainty, which grows away from the data where the members' extrapolations part. Pure
// TypeScript on Float64Arrays (core never loads TensorFlow.js, and a few hundred rows need no
// accelerator). Features and targets are standardised on the training set, so one-hot decisions
// and zero-cost scores whose magnitudes differ by orders train alike.

import { Rng } from '../../rng';
import type { Prediction, Predictor, PredictorInput } from './types';

export interface MlpEnsembleOptions {
  members: number;
  /** Widths of the hidden layers (ReLU). */
  hidden: readonly number[];
  /** Adam steps per member, whatever the number of rows (a fit costs the same at 50 and 300 rows). */
  steps: number;
  batch: number;
  learningRate: number;
  /** L2 penalty on the weights (not the biases), per step. */
  weightDecay: number;
  seed: number;
}

export const MLP_ENSEMBLE_DEFAULTS: MlpEnsembleOptions = { members: 5, hidden: [16, 16], steps: 200, batch: 32, learningRate: 0.01, weightDecay: 1e-4, seed: 1 };

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** One layer's weights (rows: inputs, columns: outputs) and biases, with Adam's moments and the step's gradients alongside. */
interface Layer {
  inputs: number;
  outputs: number;
  w: Float64Array;
  b: Float64Array;
  gw: Float64Array;
  gb: Float64Array;
  mw: Float64Array;
  vw: Float64Array;
  mb: Float64Array;
  vb: Float64Array;
}

export class MlpEnsemble implements Predictor {
  private readonly options: MlpEnsembleOptions;
  private members: Layer[][] = [];
  private scale: { xMean: Float64Array; xStd: Float64Array; yMean: number; yStd: number } | null = null;

  constructor(options: Partial<MlpEnsembleOptions> = {}) {
    this.options = { ...MLP_ENSEMBLE_DEFAULTS, ...options };
  }

  fit(inputs: readonly PredictorInput[], y: readonly number[]): void {
    if (inputs.length !== y.length || !y.every(Number.isFinite)) throw new RangeError('MlpEnsemble: one finite target per input expected');
    this.members = [];
    this.scale = null;
    if (inputs.length === 0) return;
    const d = inputs[0].features.length;
    const n = inputs.length;
    const xMean = new Float64Array(d);
    const xStd = new Float64Array(d);
    for (const { features } of inputs) for (let f = 0; f < d; f++) xMean[f] += features[f] / n;
    for (const { features } of inputs) for (let f = 0; f < d; f++) xStd[f] += (features[f] - xMean[f]) ** 2 / n;
    // A constant feature stays at 0 after centring; dividing by 1 keeps it finite elsewhere.
    for (let f = 0; f < d; f++) xStd[f] = xStd[f] > 1e-12 ? Math.sqrt(xStd[f]) : 1;
    const yMean = y.reduce((a, b) => a + b, 0) / n;
    const ySd = Math.sqrt(y.reduce((a, b) => a + (b - yMean) ** 2, 0) / n);
    const yStd = ySd > 1e-12 ? ySd : 1;
    this.scale = { xMean, xStd, yMean, yStd };
    // A constant target needs no network (and would leave the members' random starts in the spread).
    if (ySd <= 1e-12) return;
    const x = inputs.map(({ features }) => Float64Array.from(features, (v, f) => (v - xMean[f]) / xStd[f]));
    const t = Float64Array.from(y, (v) => (v - yMean) / yStd);
    const rng = new Rng(this.options.seed);
    for (let m = 0; m < this.options.members; m++) this.members.push(this.train(x, t, rng));
  }

  predict(input: PredictorInput): Prediction {
    if (!this.scale) return { mean: 0, std: 0 };
    const { xMean, xStd, yMean, yStd } = this.scale;
    if (this.members.length === 0) return { mean: yMean, std: 0 };
    const x = Float64Array.from(input.features, (v, f) => (v - xMean[f]) / xStd[f]);
    let s = 0;
    let ss = 0;
    for (const layers of this.members) {
      const v = forward(layers, x, null);
      s += v;
      ss += v * v;
    }
    const k = this.members.length;
    const mean = s / k;
    return { mean: yMean + yStd * mean, std: yStd * Math.sqrt(Math.max(0, ss / k - mean * mean)) };
  }

  private train(x: readonly Float64Array[], t: Float64Array, rng: Rng): Layer[] {
    const widths = [x[0].length, ...this.options.hidden, 1];
    const layers = widths.slice(1).map((outputs, l) => newLayer(widths[l], outputs, rng));
    const acts = widths.map((w) => new Float64Array(w));
    const deltas = widths.map((w) => new Float64Array(w));
    const order = x.map((_, i) => i);
    const batch = Math.min(this.options.batch, x.length);
    let cursor = order.length;
    for (let step = 1; step <= this.options.steps; step++) {
      for (const layer of layers) {
        layer.gw.fill(0);
        layer.gb.fill(0);
      }
      for (let k = 0; k < batch; k++) {
        if (cursor === order.length) {
          rng.shuffle(order);
          cursor = 0;
        }
        const i = order[cursor++];
        const out = forward(layers, x[i], acts);
        backward(layers, acts, deltas, (out - t[i]) / batch);
      }
      for (const layer of layers) adam(layer, step, this.options.learningRate, this.options.weightDecay);
    }
    return layers;
  }
}

function newLayer(inputs: number, outputs: number, rng: Rng): Layer {
  // He initialisation for ReLU: normal with variance 2 / inputs.
  const sd = Math.sqrt(2 / inputs);
  const w = Float64Array.from({ length: inputs * outputs }, () => sd * rng.gaussian());
  const zeros = () => new Float64Array(inputs * outputs);
  const bias = () => new Float64Array(outputs);
  return { inputs, outputs, w, b: bias(), gw: zeros(), gb: bias(), mw: zeros(), vw: zeros(), mb: bias(), vb: bias() };
}

/** The network's output for `x`; with `acts`, the input and each layer's (post-ReLU) output are kept there for backward(). */
function forward(layers: readonly Layer[], x: Float64Array, acts: Float64Array[] | null): number {
  let a = x;
  if (acts) acts[0].set(x);
  for (let l = 0; l < layers.length; l++) {
    const { inputs, outputs, w, b } = layers[l];
    const z = acts ? acts[l + 1] : new Float64Array(outputs);
    z.set(b);
    for (let i = 0; i < inputs; i++) {
      const ai = a[i];
      if (ai === 0) continue;
      const row = i * outputs;
      for (let o = 0; o < outputs; o++) z[o] += ai * w[row + o];
    }
    if (l < layers.length - 1) for (let o = 0; o < outputs; o++) if (z[o] < 0) z[o] = 0;
    a = z;
  }
  return a[0];
}

/** Adds this sample's gradients (output error `error`) to the layers' gw and gb. */
function backward(layers: Layer[], acts: readonly Float64Array[], deltas: Float64Array[], error: number): void {
  deltas[layers.length][0] = error;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { inputs, outputs, w, gw, gb } = layers[l];
    const a = acts[l];
    const delta = deltas[l + 1];
    const below = deltas[l];
    for (let o = 0; o < outputs; o++) gb[o] += delta[o];
    for (let i = 0; i < inputs; i++) {
      const ai = a[i];
      const row = i * outputs;
      let back = 0;
      for (let o = 0; o < outputs; o++) {
        gw[row + o] += ai * delta[o];
        back += w[row + o] * delta[o];
      }
      // ReLU's derivative: the hidden activation was clipped at 0 (the input layer needs no delta).
      below[i] = l > 0 && ai > 0 ? back : 0;
    }
  }
}

function adam(layer: Layer, step: number, rate: number, decay: number): void {
  const c1 = 1 - BETA1 ** step;
  const c2 = 1 - BETA2 ** step;
  const update = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, l2: number) => {
    for (let j = 0; j < p.length; j++) {
      const gj = g[j] + l2 * p[j];
      m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
      v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
      p[j] -= (rate * (m[j] / c1)) / (Math.sqrt(v[j] / c2) + EPSILON);
    }
  };
  update(layer.w, layer.gw, layer.mw, layer.vw, decay);
  update(layer.b, layer.gb, layer.mb, layer.vb, 0);
}

