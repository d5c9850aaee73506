// The predictors' features of a candidate: the one-hot of its decisions (an inactive decision is
// all zeros), optionally its cells' structure (path or edge encoding, cellFeatures.ts), then its
// cheap metrics in a fixed order, optionally followed by their labelled vote. A metric the cheap
// estimators could not give for a candidate (a table without that cell) takes the median of the
// training set's known values, so the features are a function of the candidate and the training
// set alone.
//
// The vote is the zero-cost ensemble with labels: each cheap metric's percentile among the
// training candidates' values, weighted by its Spearman correlation with the training targets
// (so a proxy that ranks backwards votes backwards and a useless one hardly counts): in one column
// what a model would otherwise assemble from many. On NAS-Bench-201 from 50 labels it changed the
// trees' Kendall tau by +0.01 and the MLPs' by -0.03 (bench/README.md), so it stays an option.

import type { Metrics } from '../../run/types';
import type { SearchSpace } from '../../space/searchSpace';
import { cellFeatures, type StructureFeatures } from './cellFeatures';
import { spearman } from '../ranks';
import type { PredictorInput } from './types';

export interface FeatureOptions {
  /** Adds the cells' path (NAS-Bench-201-style) or edge (DARTS-style) encoding after the one-hot. */
  cells?: boolean;
  /** Adds the cheap metrics' labelled vote (set by setFill with labels) as a last feature. */
  vote?: boolean;
}

export class FeatureBuilder {
  private readonly offsets: number[] = [];
  private readonly oneHot: number;
  private readonly structure: StructureFeatures | null;
  private readonly width: number;
  private fill: number[];
  private readonly voteWidth: number;
  /** Per cheap metric: its weight in the vote and the training candidates' values, sorted. */
  private voters: { weight: number; sorted: number[] }[] = [];

  constructor(
    space: SearchSpace,
    /** Cheap metric names, in feature order. */
    readonly metricNames: readonly string[],
    options: FeatureOptions = {},
  ) {
    let w = 0;
    for (const d of space.decisions) {
      this.offsets.push(w);
      w += d.options.length;
    }
    this.oneHot = w;
    this.structure = options.cells ? cellFeatures(space) : null;
    this.width = w + (this.structure?.width ?? 0);
    this.fill = metricNames.map(() => 0);
    this.voteWidth = options.vote && metricNames.length > 0 ? 1 : 0;
  }

  /** Sets the value of each missing metric from the training candidates' known ones, and with their targets (higher better) the vote's weights. */
  setFill(training: readonly (Metrics | null | undefined)[], targets?: readonly number[]): void {
    this.fill = this.metricNames.map((name) => median(training.flatMap((m) => (m && Number.isFinite(m[name]) ? [m[name]] : []))));
    if (!this.voteWidth || !targets) return;
    this.voters = this.metricNames.map((name) => {
      const rows = training.flatMap((m, i) => (m && Number.isFinite(m[name]) ? [{ v: m[name], y: targets[i] }] : []));
      const rho = rows.length > 2 ? spearman(rows.map((r) => r.v), rows.map((r) => r.y)) : NaN;
      return { weight: Number.isFinite(rho) ? rho : 0, sorted: rows.map((r) => r.v).sort((a, b) => a - b) };
    });
  }

  input(encoding: readonly number[], cheap: Metrics | null | undefined): PredictorInput {
    const features = new Array<number>(this.width + this.metricNames.length + this.voteWidth).fill(0);
    encoding.forEach((option, d) => {
      if (option >= 0) features[this.offsets[d] + option] = 1;
    });
    this.structure?.write(encoding, features, this.oneHot);
    this.metricNames.forEach((name, k) => {
      const v = cheap?.[name];
      features[this.width + k] = v !== undefined && Number.isFinite(v) ? v : this.fill[k];
    });
    if (this.voteWidth) features[features.length - 1] = this.vote(features.slice(this.width, this.width + this.metricNames.length));
    return { encoding, features };
  }

  /** Weighted mean of the metrics' percentiles among the training values (0 before setFill with targets). */
  private vote(values: readonly number[]): number {
    let s = 0;
    let w = 0;
    this.voters.forEach(({ weight, sorted }, k) => {
      if (sorted.length === 0 || weight === 0) return;
      s += weight * percentile(sorted, values[k]);
      w += Math.abs(weight);
    });
    return w > 0 ? s / w : 0;
  }
}

/** Share of `sorted` below v, ties counting half. */
function percentile(sorted: readonly number[], v: number): number {
  const below = lowerBound(sorted, v);
  let equal = below;
  while (equal < sorted.length && sorted[equal] === v) equal++;
  return (below + (equal - below) / 2) / sorted.length;
}

function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
