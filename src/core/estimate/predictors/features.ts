// The predictors' features of a candidate: the one-hot of its decisions (an inactive decision is
// all zeros) followed by its cheap metrics in a fixed order. A metric the cheap estimators could
// not give for a candidate (a table without that cell) takes the median of the training set's
// known values, so the features are a function of the candidate and the training set alone.

import type { Metrics } from '../../run/types';
import type { SearchSpace } from '../../space/searchSpace';
import type { PredictorInput } from './types';

export class FeatureBuilder {
  private readonly offsets: number[] = [];
  private readonly width: number;
  private fill: number[];

  constructor(
    space: SearchSpace,
    /** Cheap metric names, in feature order. */
    readonly metricNames: readonly string[],
  ) {
    let w = 0;
    for (const d of space.decisions) {
      this.offsets.push(w);
      w += d.options.length;
    }
    this.width = w;
    this.fill = metricNames.map(() => 0);
  }

  /** Sets the value of each missing metric from the training candidates' known ones. */
  setFill(training: readonly (Metrics | null | undefined)[]): void {
    this.fill = this.metricNames.map((name) => median(training.flatMap((m) => (m && Number.isFinite(m[name]) ? [m[name]] : []))));
  }

  input(encoding: readonly number[], cheap: Metrics | null | undefined): PredictorInput {
    const features = new Array<number>(this.width + this.metricNames.length).fill(0);
    encoding.forEach((option, d) => {
      if (option >= 0) features[this.offsets[d] + option] = 1;
    });
    this.metricNames.forEach((name, k) => {
      const v = cheap?.[name];
      features[this.width + k] = v !== undefined && Number.isFinite(v) ? v : this.fill[k];
    });
    return { encoding, features };
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
