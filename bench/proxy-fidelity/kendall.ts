// Kendall's tau-b: rank agreement of two paired samples, with the tie correction of tau-b
// (pairs tied in one variable leave that variable's side of the denominator).

/**
 * tau-b = (concordant - discordant) / sqrt((n0 - tiesX) * (n0 - tiesY)), n0 = n(n-1)/2.
 * Returns NaN when it is undefined (fewer than two samples, or one variable constant).
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`kendallTauB: ${x.length} x values but ${y.length} y values`);
  if ([...x, ...y].some((v) => !Number.isFinite(v))) throw new Error('kendallTauB: every value must be a finite number');
  let score = 0; // concordant minus discordant
  let untiedX = 0; // pairs not tied in x
  let untiedY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sx = Math.sign(x[i] - x[j]);
      const sy = Math.sign(y[i] - y[j]);
      score += sx * sy;
      if (sx !== 0) untiedX++;
      if (sy !== 0) untiedY++;
    }
  }
  const denominator = Math.sqrt(untiedX * untiedY);
  return denominator === 0 ? NaN : score / denominator;
}

/**
 * A percentile bootstrap interval for a statistic of n paired items (here: candidates). The
 * items are resampled with replacement `resamples` times (seeded, so the interval is repeatable)
 * and the central `level` share of the statistic's values is returned; resamples where it is
 * undefined (NaN) are skipped. Over 20 candidates a tau's interval is wide, and the report says
 * so: a tau a few hundredths from the target tells nothing on its own.
 */
export function bootstrapInterval(n: number, statistic: (picks: number[]) => number, rng: { int(n: number): number }, resamples = 2000, level = 0.95): [number, number] {
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const value = statistic(Array.from({ length: n }, () => rng.int(n)));
    if (!Number.isNaN(value)) values.push(value);
  }
  if (values.length === 0) return [NaN, NaN];
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
