// An ensemble of extremely randomized regression trees (Geurts et al. 2006): each split tries a
// few features at a threshold drawn uniformly between the node's smallest and largest value and
// keeps the one that reduces the squared error most; trees grow until leaves are pure or small.
// The spread of the trees' predictions is the uncertainty. Why trees and why our own: they need
// no scaling of features whose magnitudes differ by orders (one-hot next to FLOPs and zero-cost
// scores), they fit in milliseconds on a few hundred samples, and they rank NAS-Bench-201 cells
// well from few labels; the npm tree libraries are unmaintained or random-forest only, and none
// takes a seeded generator, which exact resume needs. About a hundred lines.

import { Rng } from '../../rng';
import type { Prediction, Predictor, PredictorInput } from './types';

export interface ExtraTreesOptions {
  trees: number;
  /** Share of the features tried at each split (at least one). */
  featureShare: number;
  /** Nodes with fewer samples become leaves. */
  minSplit: number;
  seed: number;
}

export const EXTRA_TREES_DEFAULTS: ExtraTreesOptions = { trees: 50, featureShare: 0.5, minSplit: 2, seed: 1 };

/** Flat tree: node i is a leaf when feature[i] < 0 (value[i] its prediction), else it splits on x[feature] < threshold. */
interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export class ExtraTrees implements Predictor {
  private readonly options: ExtraTreesOptions;
  private forest: Tree[] = [];

  constructor(options: Partial<ExtraTreesOptions> = {}) {
    this.options = { ...EXTRA_TREES_DEFAULTS, ...options };
  }

  fit(inputs: readonly PredictorInput[], y: readonly number[]): void {
    if (inputs.length !== y.length || !y.every(Number.isFinite)) throw new RangeError('ExtraTrees: one finite target per input expected');
    const x = inputs.map((i) => i.features);
    const rng = new Rng(this.options.seed);
    const all = x.map((_, i) => i);
    this.forest = Array.from({ length: this.options.trees }, () => this.grow(x, y, all, rng));
  }

  predict(input: PredictorInput): Prediction {
    if (this.forest.length === 0) return { mean: 0, std: 0 };
    let s = 0;
    let ss = 0;
    for (const t of this.forest) {
      const v = leafValue(t, input.features);
      s += v;
      ss += v * v;
    }
    const n = this.forest.length;
    const mean = s / n;
    return { mean, std: Math.sqrt(Math.max(0, ss / n - mean * mean)) };
  }

  private grow(x: readonly (readonly number[])[], y: readonly number[], rows: number[], rng: Rng): Tree {
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const d = x[0]?.length ?? 0;
    const tries = Math.max(1, Math.round(this.options.featureShare * d));
    const build = (idx: number[]): number => {
      const node = tree.feature.length;
      const mean = idx.reduce((a, i) => a + y[i], 0) / Math.max(1, idx.length);
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(mean);
      if (idx.length < this.options.minSplit || idx.every((i) => y[i] === y[idx[0]])) return node;
      // Features constant in the node cannot split it: draw among the others (as scikit-learn
      // does), so a leaf is impure only when its samples have identical features. A feature
      // varies as soon as one sample differs from the first; the range of the drawn ones only
      // is needed (scanning every feature's range was half of a search step's time).
      const first = x[idx[0]];
      const varying: number[] = [];
      for (let f = 0; f < d; f++) {
        const v0 = first[f];
        for (const i of idx) {
          if (x[i][f] !== v0) {
            varying.push(f);
            break;
          }
        }
      }
      let best: { f: number; t: number; score: number } | null = null;
      for (let k = 0; k < Math.min(tries, varying.length); k++) {
        const pick = k + rng.int(varying.length - k);
        [varying[k], varying[pick]] = [varying[pick], varying[k]];
        const f = varying[k];
        let lo = Infinity;
        let hi = -Infinity;
        for (const i of idx) {
          lo = Math.min(lo, x[i][f]);
          hi = Math.max(hi, x[i][f]);
        }
        const t = lo + rng.next() * (hi - lo);
        // Sum of squares left out: maximise n_l*mean_l^2 + n_r*mean_r^2.
        let nl = 0, sl = 0, nr = 0, sr = 0;
        for (const i of idx) {
          if (x[i][f] < t) { nl++; sl += y[i]; } else { nr++; sr += y[i]; }
        }
        if (nl === 0 || nr === 0) continue;
        const score = (sl * sl) / nl + (sr * sr) / nr;
        if (!best || score > best.score) best = { f, t, score };
      }
      if (!best) return node;
      const l = idx.filter((i) => x[i][best.f] < best.t);
      const r = idx.filter((i) => x[i][best.f] >= best.t);
      tree.feature[node] = best.f;
      tree.threshold[node] = best.t;
      tree.left[node] = build(l);
      tree.right[node] = build(r);
      return node;
    };
    if (rows.length > 0) build(rows);
    return tree;
  }
}

function leafValue(t: Tree, x: readonly number[]): number {
  let n = 0;
  while (t.feature[n] >= 0) n = x[t.feature[n]] < t.threshold[n] ? t.left[n] : t.right[n];
  return t.value[n];
}
