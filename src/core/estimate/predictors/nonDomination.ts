// The probability that a candidate, its objectives predicted as independent normal distributions
// (minimisation form), is not dominated by any point of the current front: the chance that
// evaluating it adds a point to the front. Unlike a hypervolume gain of an optimistic guess, it
// keeps counting the observation noise: where equivalent candidates differ by noise alone, each
// unevaluated one keeps a fair chance of landing beyond the front however well its mean is known.
//
// Two objectives: exact, from the staircase of the front. More: the share of a fixed set of
// quasi-random draws (so the score is a function of its inputs alone).

import { Rng } from '../../rng';

const DRAWS = 256;

export class NonDomination {
  /** Two objectives: the front's staircase, sorted by the first objective with the second falling. */
  private readonly steps: number[][] | null;
  private readonly front: number[][];
  private readonly draws: number[][] | null;

  constructor(front: readonly (readonly number[])[], objectives: number) {
    this.front = front.map((p) => [...p]);
    if (objectives === 2) {
      this.steps = [];
      for (const p of [...this.front].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
        if (this.steps.length === 0 || p[1] < this.steps[this.steps.length - 1][1]) this.steps.push(p);
      }
      this.draws = null;
    } else {
      this.steps = null;
      const rng = new Rng(0x5eed);
      this.draws = Array.from({ length: DRAWS }, () => Array.from({ length: objectives }, () => rng.gaussian()));
    }
  }

  /** P(no front point is at least as good in every objective); a zero deviation is a sure value. */
  probability(mean: readonly number[], sd: readonly number[]): number {
    if (this.front.length === 0) return 1;
    if (this.steps) {
      // Dominated: x beyond step i's first objective (and short of step i+1's) with y beyond step i's second.
      let dominated = 0;
      for (let i = 0; i < this.steps.length; i++) {
        const next = i + 1 < this.steps.length ? cdf(this.steps[i + 1][0], mean[0], sd[0]) : 1;
        const band = next - cdf(this.steps[i][0], mean[0], sd[0]);
        if (band > 0) dominated += band * (1 - cdf(this.steps[i][1], mean[1], sd[1]));
      }
      return Math.min(1, Math.max(0, 1 - dominated));
    }
    let free = 0;
    for (const z of this.draws!) {
      const p = mean.map((m, k) => m + sd[k] * z[k]);
      if (!this.front.some((f) => f.every((v, k) => v <= p[k]))) free++;
    }
    return free / this.draws!.length;
  }
}

/** P(X < v) for X ~ N(mean, sd), strictly below (so a value equal to a front point's counts as dominated). */
function cdf(v: number, mean: number, sd: number): number {
  if (!(sd > 0)) return mean < v ? 1 : 0;
  return 0.5 * (1 + erf((v - mean) / (sd * Math.SQRT2)));
}

/** Abramowitz-Stegun 7.1.26 (absolute error under 1.5e-7). */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
