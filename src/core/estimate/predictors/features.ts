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
//
// With `ranks`, each cheap metric enters as its percentile in a reference sample (setReference:
// the candidates the cheap estimators scored, labelled or not) rather than its raw value, so 50
// labels need not learn the scale of thirteen scores spread over orders of magnitude, and the
// trees' uniform thresholds fall evenly among the candidates. `top: k` adds one column, the mean
// percentile of the k metrics that rank the training targets best (Spearman): the label-free
// rank sum of NAS-Bench-Suite-Zero, its members chosen by the labels.

import type { Metrics } from '../../run/types';
import type { SearchSpace } from '../../space/searchSpace';
import { cellFeatures, graphFeatures, type StructureFeatures } from './cellFeatures';
import { spearman } from '../ranks';
import type { PredictorInput } from './types';

export interface FeatureOptions {
  /** Adds the cells' path (NAS-Bench-201-style) or edge (DARTS-style) encoding after the one-hot. */
  cells?: boolean;
  /** Adds the cells' graph features (operation counts, paths through subsets of the operations). */
  graph?: boolean;
  /** Cheap metrics as percentiles in the reference sample (setReference; until then the training set's values). */
  ranks?: boolean;
  /** Adds the mean percentile of the `top` cheap metrics with the best Spearman with the training targets (0: none). */
  top?: number;
  /** Adds the cheap metrics' labelled vote (set by setFill with labels) as a last feature. */
  vote?: boolean;
}

export class FeatureBuilder {
  private readonly offsets: number[] = [];
  private readonly oneHot: number;
  private readonly structure: StructureFeatures | null;
  private readonly graph: StructureFeatures | null;
  private readonly width: number;
  private fill: number[];
  private readonly voteWidth: number;
  private readonly topWidth: number;
  private readonly ranks: boolean;
  /** Per cheap metric: its weight in the vote and the training candidates' values, sorted. */
  private voters: { weight: number; sorted: number[] }[] = [];
  /** Per cheap metric, the reference values (sorted) its percentile is taken in; null: the training set's. */
  private reference: number[][] | null = null;
  /** Per cheap metric, the training candidates' known values, sorted. */
  private trainingSorted: number[][] = [];
  private readonly topCount: number;
  /** Indices of the cheap metrics in the `top` column (set by setFill with targets). */
  private topMetrics: number[] = [];

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
    this.graph = options.graph ? graphFeatures(space) : null;
    this.width = w + (this.structure?.width ?? 0) + (this.graph?.width ?? 0);
    this.fill = metricNames.map(() => 0);
    this.ranks = options.ranks === true;
    this.topCount = Math.min(options.top ?? 0, metricNames.length);
    this.topWidth = this.topCount > 0 ? 1 : 0;
    this.voteWidth = options.vote && metricNames.length > 0 ? 1 : 0;
  }

  /** The sample the cheap metrics' percentiles (`ranks`, `top`) are taken in; candidates the cheap estimators could not score are left out. */
  setReference(sample: readonly (Metrics | null | undefined)[]): void {
    this.reference = this.metricNames.map((name) => sample.flatMap((m) => (m && Number.isFinite(m[name]) ? [m[name]] : [])).sort((a, b) => a - b));
  }

  /** Sets the value of each missing metric from the training candidates' known ones, and with their targets (higher better) the vote's weights. */
  setFill(training: readonly (Metrics | null | undefined)[], targets?: readonly number[]): void {
    const known = this.metricNames.map((name) => training.flatMap((m) => (m && Number.isFinite(m[name]) ? [m[name]] : [])));
    this.fill = known.map(median);
    this.trainingSorted = known.map((v) => [...v].sort((a, b) => a - b));
    if (!targets || (!this.topWidth && !this.voteWidth)) return;
    // Each metric's Spearman with the targets over the candidates that have it (NaN with 2 or fewer).
    const rho = this.metricNames.map((name) => {
      const rows = training.flatMap((m, i) => (m && Number.isFinite(m[name]) ? [{ v: m[name], y: targets[i] }] : []));
      return rows.length > 2 ? spearman(rows.map((row) => row.v), rows.map((row) => row.y)) : NaN;
    });
    if (this.topWidth) {
      const rank = rho.map((r) => (Number.isFinite(r) ? r : -Infinity));
      this.topMetrics = rank.map((_, k) => k).sort((a, b) => rank[b] - rank[a] || a - b).slice(0, this.topCount);
    }
    // A voter's values are the training candidates' known ones: trainingSorted.
    if (this.voteWidth) this.voters = rho.map((r, k) => ({ weight: Number.isFinite(r) ? r : 0, sorted: this.trainingSorted[k] }));
  }

  input(encoding: readonly number[], cheap: Metrics | null | undefined): PredictorInput {
    const metrics = this.metricNames.length;
    const features = new Array<number>(this.width + metrics + this.topWidth + this.voteWidth).fill(0);
    encoding.forEach((option, d) => {
      if (option >= 0) features[this.offsets[d] + option] = 1;
    });
    this.structure?.write(encoding, features, this.oneHot);
    this.graph?.write(encoding, features, this.width - this.graph.width);
    const raw = this.metricNames.map((name, k) => {
      const v = cheap?.[name];
      return v !== undefined && Number.isFinite(v) ? v : this.fill[k];
    });
    const within = this.reference ?? this.trainingSorted;
    const percentiles = this.ranks || this.topWidth ? raw.map((v, k) => (within[k]?.length ? percentile(within[k], v) : 0.5)) : [];
    raw.forEach((v, k) => (features[this.width + k] = this.ranks ? percentiles[k] : v));
    if (this.topWidth) features[this.width + metrics] = this.topMetrics.reduce((a, k) => a + percentiles[k], 0) / Math.max(1, this.topMetrics.length);
    if (this.voteWidth) features[features.length - 1] = this.vote(raw);
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
