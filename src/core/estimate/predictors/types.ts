// What every learned accuracy predictor offers: fitted on the evaluated candidates of a run
// (refitted from scratch as results arrive, so a model is a pure function of its data and a
// resumed run rebuilds it exactly), it predicts a value with an uncertainty for any candidate.

/** One candidate as predictors see it: its decisions, and the numeric features built from them and its cheap metrics. */
export interface PredictorInput {
  /** The architecture's encoding (one option index per decision, -1 inactive). */
  encoding: readonly number[];
  /** One-hot decisions followed by the cheap metrics (see features.ts). */
  features: readonly number[];
}

export interface Prediction {
  mean: number;
  /** The model's uncertainty (ensemble spread, posterior deviation), >= 0. */
  std: number;
}

export interface Predictor {
  /** Fits on the samples; every y must be finite. Replaces any earlier fit. */
  fit(inputs: readonly PredictorInput[], y: readonly number[]): void;
  predict(input: PredictorInput): Prediction;
}
