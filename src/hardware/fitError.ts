// How well predicted latencies match measured ones: the figures `nas latency check`, `nas device
// fit` and the benchmarks report.

export interface ErrorFigures {
  samples: number;
  /** Share of predictions within +-10% of the measurement. */
  within10: number;
  /** Mean absolute percentage error, as a fraction. */
  mape: number;
  /** Spearman's rank correlation of predicted and measured. */
  spearman: number;
}

/** Average ranks (ties share their mean rank). */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

export function errorFigures(predicted: readonly number[], measured: readonly number[]): ErrorFigures {
  if (predicted.length !== measured.length || predicted.length === 0) throw new RangeError('errorFigures: needs as many predictions as measurements, at least one');
  const rel = predicted.map((p, i) => Math.abs(p - measured[i]) / Math.abs(measured[i]));
  return {
    samples: predicted.length,
    within10: rel.filter((r) => r <= 0.1).length / rel.length,
    mape: rel.reduce((s, r) => s + r, 0) / rel.length,
    spearman: spearman(predicted, measured),
  };
}
