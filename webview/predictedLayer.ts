// The scatter's "predicted, not evaluated" layer, without the DOM: candidates a predictor-guided
// strategy's model ranked and the run never evaluated, at their predicted value on an axis that is
// a predicted metric (with ±1 std as an error bar) and at their value on an axis that is one of
// their cheap metrics (zero-cost scores, costs; no bar). They are only a picture: never in the
// front, the progress chart or the evaluated count.
import { LatestPredictions, PREDICTED_SHOWN, type PredictedRecord } from '../src/core/run/predictedLog';
import { formatMetric, groupDigits } from '../src/protocol/formatMetric';

export interface PredictedSeries {
  xs: number[];
  ys: number[];
  /** ±1 std along each axis (0 on an axis that is a cheap metric). */
  xErr: number[];
  yErr: number[];
  keys: string[];
}

export interface PredictedLayerData {
  points: PredictedSeries;
  /** Predicted, not evaluated candidates (drawn or not). */
  count: number;
  /** Of those, the ones with no value for an axis (neither predicted nor a cheap metric). */
  missing: number;
}

export class PredictedLayer {
  private readonly latest = new LatestPredictions(PREDICTED_SHOWN);

  constructor(private readonly evaluated: (key: string) => boolean) {}

  add(records: readonly PredictedRecord[]): void {
    this.latest.add(records);
  }

  /** The latest prediction of a candidate that was not evaluated, or undefined. */
  get(key: string): PredictedRecord | undefined {
    const r = this.latest.get(key);
    return r && !this.evaluated(r.key) ? r : undefined;
  }

  points(x: string, y: string): PredictedLayerData {
    const points: PredictedSeries = { xs: [], ys: [], xErr: [], yErr: [], keys: [] };
    let count = 0;
    let missing = 0;
    for (const r of this.latest.values()) {
      if (this.evaluated(r.key)) continue;
      count++;
      const vx = axisValue(r, x);
      const vy = axisValue(r, y);
      if (!vx || !vy) {
        missing++;
        continue;
      }
      points.xs.push(vx.value);
      points.ys.push(vy.value);
      points.xErr.push(vx.err);
      points.yErr.push(vy.err);
      points.keys.push(r.key);
    }
    return { points, count, missing };
  }
}

/** The candidate's value on an axis: predicted (with its spread), or one of its cheap metrics (exact). */
function axisValue(r: PredictedRecord, metric: string): { value: number; err: number } | undefined {
  const p = r.predicted[metric];
  if (p && Number.isFinite(p.mean)) return { value: p.mean, err: Number.isFinite(p.std) ? p.std : 0 };
  const v = r.metrics?.[metric];
  return v !== undefined && Number.isFinite(v) ? { value: v, err: 0 } : undefined;
}

/** "predicted by trees from 12 evaluated: c10_valid 91.2 ± 0.4 (not evaluated)". */
export function predictionText(r: PredictedRecord): string {
  // The spread to two significant digits: it says how far to trust the mean's last ones.
  const values = Object.entries(r.predicted).map(([m, p]) => `${m} ${formatMetric(p.mean)} ± ${String(Number(p.std.toPrecision(2)))}`);
  return `predicted by ${r.family} from ${groupDigits(r.fittedOn)} evaluated: ${values.join(', ')} (not evaluated)`;
}
