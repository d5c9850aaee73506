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
 * A percentile bootstrap interval for tau-b: the candidates are resampled with replacement
 * `resamples` times (seeded, so the interval is repeatable) and the central `level` share of the
 * resampled taus is returned. Over 20 candidates it is wide, and the report says so: a tau a few
 * hundredths from the target tells nothing on its own.
 */
export function bootstrapTauInterval(x: readonly number[], y: readonly number[], rng: { int(n: number): number }, resamples = 2000, level = 0.95): [number, number] {
  const taus: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const picks = Array.from({ length: x.length }, () => rng.int(x.length));
    const tau = kendallTauB(picks.map((i) => x[i]), picks.map((i) => y[i]));
    if (!Number.isNaN(tau)) taus.push(tau);
  }
  taus.sort((a, b) => a - b);
  const at = (q: number) => taus[Math.min(taus.length - 1, Math.max(0, Math.round(q * (taus.length - 1))))];
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
