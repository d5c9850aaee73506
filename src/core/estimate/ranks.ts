// Ranks, Spearman's correlation and the label-free rank aggregation of zero-cost proxies: the
// one place these are written (benches, the zc ensemble and the strategies that rank pools).

/** Ranks 1..n, ties given their mean rank. Non-finite values rank below every finite one. */
export function averageRanks(values: readonly number[]): number[] {
  const key = (v: number) => (Number.isFinite(v) ? v : -Infinity);
  const order = values.map((_, i) => i).sort((a, b) => key(values[a]) - key(values[b]) || 0);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && key(values[order[end]]) === key(values[order[start]])) end++;
    for (let k = start; k < end; k++) ranks[order[k]] = (start + end + 1) / 2;
    start = end;
  }
  return ranks;
}

/** Spearman's rho: Pearson's correlation of the average ranks; NaN when undefined. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} x values but ${y.length} y values`);
  return pearson(averageRanks(x), averageRanks(y));
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * The zero-cost ensemble's rule, without labels: each member's scores turned into percentiles
 * (average rank / n, so every member weighs the same whatever its scale), the candidate's score
 * the mean of its percentiles. A rank sum, as NAS-Bench-Suite-Zero's synflow + jacov combination.
 * `columns[m][i]` is member m's score of candidate i, higher ranking higher (true of every proxy,
 * and of params and flops as predictors of accuracy).
 */
export function aggregateRanks(columns: readonly (readonly number[])[]): number[] {
  if (columns.length === 0) throw new Error('aggregateRanks: no member to rank by');
  const n = columns[0].length;
  const sums = new Array<number>(n).fill(0);
  columns.forEach((column, m) => {
    if (column.length !== n) throw new Error(`aggregateRanks: member ${m} scores ${column.length} candidates, the first ${n}`);
    averageRanks(column).forEach((r, i) => (sums[i] += r / n));
  });
  return sums.map((s) => s / columns.length);
}

/**
 * One candidate's ensemble score against a fixed reference sample: for each member, its
 * percentile in the pool of the reference's scores and its own (average rank / pool size, as
 * aggregateRanks), averaged over members. Stable from one candidate to the next, unlike ranks
 * among the candidates seen so far. Non-finite scores rank lowest.
 */
export function percentileAgainst(reference: readonly (readonly number[])[], candidate: readonly number[]): number {
  const finite = (v: number) => (Number.isFinite(v) ? v : -Infinity);
  let total = 0;
  reference.forEach((column, m) => {
    const v = finite(candidate[m]);
    let below = 0;
    let equal = 0;
    for (const r of column.map(finite)) {
      if (r < v) below++;
      else if (r === v) equal++;
    }
    total += (below + (equal + 2) / 2) / (column.length + 1);
  });
  return total / reference.length;
}
