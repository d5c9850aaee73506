// Checks that sampling a space is uniform over its members: draws 200 samples per member, counts
// them by key, and applies a chi-square test at the 0.1% level. Returns the counts, for checks
// of particular shares.
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng';
import type { SearchSpace } from '../../../src/core/space/searchSpace';

/** Upper 0.1% point of the chi-square distribution (Wilson-Hilferty approximation). */
function chiSquareCritical(df: number): number {
  const z = 3.0902;
  const t = 1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df));
  return df * t ** 3;
}

export function assertUniformSampling(space: SearchSpace, seed: number): { counts: Map<string, number>; draws: number } {
  const n = Number(space.size);
  const draws = n * 200;
  const counts = new Map<string, number>();
  const rng = new Rng(seed);
  for (let i = 0; i < draws; i++) {
    const k = space.key(space.sample(rng));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  assert.equal(counts.size, n);
  const expected = draws / n;
  const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < chiSquareCritical(n - 1), `chi2 ${chi2.toFixed(1)} over ${n - 1} df`);
  return { counts, draws };
}
