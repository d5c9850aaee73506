// How much a predicted objective vector would add to the current front, for ranking candidates
// before evaluating them. All vectors are in minimisation form and normalised so the evaluated
// values span [0, 1] per objective. A point that would extend the front scores its hypervolume
// gain (> 0); a point the front dominates scores minus the distance it would have to move to
// escape domination (< 0), so near-misses still rank above far-off candidates.

import { hypervolume } from '../../search/hypervolume';

/** Beyond the worst evaluated value, by this share of the range, gains stop counting. */
export const REFERENCE_MARGIN = 0.1;

export class FrontGain {
  private readonly front: number[][];
  private readonly reference: number[];
  /** Two objectives: the front inside the reference box, sorted by the first objective. */
  private readonly sorted2d: number[][] | null;
  private readonly baseVolume: number;

  constructor(front: readonly (readonly number[])[], objectives: number) {
    this.front = front.map((p) => [...p]);
    this.reference = new Array<number>(objectives).fill(1 + REFERENCE_MARGIN);
    if (objectives === 2) {
      this.sorted2d = this.front.filter((p) => p[0] < this.reference[0] && p[1] < this.reference[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      this.baseVolume = 0;
    } else {
      this.sorted2d = null;
      this.baseVolume = hypervolume(this.front, this.reference);
    }
  }

  /**
   * Hypervolume gain (> 0), 0 for a non-dominated point outside the reference box, or minus the
   * smallest shift in one objective that would leave it undominated (< 0; equal points count as
   * dominated).
   */
  score(p: readonly number[]): number {
    let escape = -Infinity;
    for (const f of this.front) {
      let m = Infinity;
      for (let k = 0; k < p.length; k++) m = Math.min(m, p[k] - f[k]);
      if (m > escape) escape = m;
    }
    if (escape >= 0) return -escape - Number.EPSILON;
    return this.sorted2d ? gain2d(this.sorted2d, p, this.reference) : hypervolume([...this.front, [...p]], this.reference) - this.baseVolume;
  }
}

/** Area dominated by p (non-dominated by `front`) inside the box and not by the front: O(front). */
export function gain2d(front: readonly (readonly number[])[], p: readonly number[], ref: readonly number[]): number {
  if (!(p[0] < ref[0] && p[1] < ref[1])) return 0;
  // The members left of p bound the new area from above by the lowest of them.
  let top = ref[1];
  let i = 0;
  for (; i < front.length && front[i][0] <= p[0]; i++) top = Math.min(top, front[i][1]);
  let x = p[0];
  let area = 0;
  for (; i < front.length && top > p[1]; i++) {
    const f = front[i];
    area += (f[0] - x) * (top - p[1]);
    x = f[0];
    top = Math.min(top, f[1]);
  }
  if (top > p[1]) area += (ref[0] - x) * (top - p[1]);
  return area;
}
