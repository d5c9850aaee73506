// "k distinct inputs out of n" as one decision: its options are the k-subsets of 0..n-1 in the
// order of the combinatorial number system (colex: {c1 < ... < ck} has rank C(c1,1) + ... +
// C(ck,k)), so an option index *is* the subset's rank. The decision forest then counts, ranks,
// samples, mutates, crosses and enumerates such a decision like any other, exactly and always
// valid, without a decision kind of its own: every option index names a distinct valid subset.

/** C(n, k) as a number (small arguments: a cell's inputs). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** The subset of rank `rank` among the k-subsets (combinatorial number system), ascending. */
export function unrankCombination(rank: number, k: number): number[] {
  const out = new Array<number>(k);
  for (let i = k; i >= 1; i--) {
    let c = i - 1;
    while (binomial(c + 1, i) <= rank) c++;
    out[i - 1] = c;
    rank -= binomial(c, i);
  }
  return out;
}

/** Rank of an ascending subset in the combinatorial number system. */
export function rankCombination(subset: readonly number[]): number {
  return subset.reduce((r, c, i) => r + binomial(c, i + 1), 0);
}

/** The option label of a subset, e.g. `0+2`: no comma, so it fits in a key. */
export function combinationLabel(subset: readonly number[]): string {
  return subset.join('+');
}

/** Every k-subset of 0..n-1 as option labels, option index = rank. */
export function combinationOptions(n: number, k: number): string[] {
  return Array.from({ length: binomial(n, k) }, (_, r) => combinationLabel(unrankCombination(r, k)));
}
