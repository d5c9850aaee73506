// What a strategy's learned predictor said about candidates it did not evaluate (yet): the run's
// predicted.jsonl, one PredictedRecord a line, and the one reader of it. A line is written each
// time a predictor-guided strategy ranks its pool, for the best-ranked few (PREDICTED_PER_STEP,
// which include the ones it evaluates next), so a key recurs as the model is refitted: the latest
// line of a key is what the predictor says now. Nothing reads it back into a search: resume never
// depends on it, and a torn or missing file costs only the picture.
import { arr, type Assert, type Infer, int, num, obj, oneOf, parseJsonLine, record, type Same, str, ValidationError, type Validator } from '../validate';
import type { Metrics } from './types';

/** The run folder's file of predictions (beside candidates.jsonl and cheap.jsonl). */
export const PREDICTED_FILE = 'predicted.jsonl';

/**
 * Candidates recorded per ranking at most: the top of it. A NAS-Bench-201 line is about 285
 * bytes, so a step costs some 14 KB and a 100-evaluation run about 1.3 MB (its cheap.jsonl 1.5 MB).
 */
export const PREDICTED_PER_STEP = 50;

/** Predicted candidates the panel shows at most (the most recently predicted), and any message carries. */
export const PREDICTED_SHOWN = 2000;

/** A predicted value of a metric, in the metric's own direction and unit. */
export interface PredictedValue {
  mean: number;
  /** The predictor's uncertainty (ensemble spread, posterior deviation), >= 0. */
  std: number;
}

/** A prediction as recorded: six significant digits (a model's output carries no more, and lines stay short). */
export function predictedValue(mean: number, std: number): PredictedValue {
  return { mean: Number(mean.toPrecision(6)), std: Number(std.toPrecision(6)) };
}

/** One line of predicted.jsonl. */
export interface PredictedRecord {
  key: string;
  encoding: number[];
  /** Each predicted metric (the objectives the predictor models). */
  predicted: Record<string, PredictedValue>;
  /** The candidate's cheap metrics when it was predicted (null: the run has none, or they could not be computed). */
  metrics: Metrics | null;
  /** The predictor family (core/estimate/predictors/families.ts, or 'gp' for mo-predictor's own surrogate). */
  family: string;
  /** Evaluated candidates the predictor was fitted on. */
  fittedOn: number;
  /** Candidates evaluated when it was predicted. */
  evaluated: number;
}

const nullValue: Validator<null> = (v, p) => {
  if (v === null) return null;
  throw new ValidationError(`${p}: expected an object of numbers or null`);
};

export const predictedRecordValidator = obj({
  key: str,
  encoding: arr(int),
  predicted: record(obj({ mean: num, std: num })),
  metrics: oneOf(record(num), nullValue),
  family: str,
  fittedOn: int,
  evaluated: int,
});

export type _Checks = [Assert<Same<Infer<typeof predictedRecordValidator>, PredictedRecord>>];

/** predicted.jsonl's text: the valid lines in order; a torn last line or a line that is not a record is skipped. */
export function parsePredictedLog(text: string): PredictedRecord[] {
  const lines = text.split('\n');
  lines.pop();
  const out: PredictedRecord[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const r = parseJsonLine(predictedRecordValidator, line, 'prediction');
    if (r) out.push(r);
  }
  return out;
}

/**
 * The latest prediction of each key, at most `limit` keys: the most recently predicted (an older
 * key is dropped first), so whoever holds one stays bounded however long the run.
 */
export class LatestPredictions {
  private readonly byKey = new Map<string, PredictedRecord>();

  constructor(readonly limit: number) {}

  add(records: Iterable<PredictedRecord>): void {
    for (const r of records) {
      // Re-inserted, so the Map's order is the order of the latest predictions.
      this.byKey.delete(r.key);
      this.byKey.set(r.key, r);
    }
    for (const key of this.byKey.keys()) {
      if (this.byKey.size <= this.limit) break;
      this.byKey.delete(key);
    }
  }

  get(key: string): PredictedRecord | undefined {
    return this.byKey.get(key);
  }

  /** Oldest first. */
  values(): PredictedRecord[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }
}
