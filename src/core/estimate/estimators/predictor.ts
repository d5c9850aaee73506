// `predictor:<family>`: a learned accuracy predictor (core/estimate/predictors/) trained on the
// evaluated candidates of an earlier run (`--train from=<run folder>`), scoring any candidate of
// that run's space with that run's first objective predicted, `<metric>_pred`, and its
// uncertainty, `<metric>_pred_sd`, in milliseconds. Features: the decisions, the cells' path or
// edge encoding, and the training run's --cheap metrics (recomputed for each candidate). What
// `nas predict <run>` runs, and a cheap estimator a search can add (`--cheap predictor:mlp`).
import { PREDICTOR_FAMILY_NAMES } from '../predictors/families';
import { directionByName, type MetricInfo } from '../catalog';
import type { EstimatorDescriptor } from '../descriptor';
import type { SettingsOf } from '../settings';

export const PREDICTED_SUFFIX = '_pred';
export const PREDICTED_SD_SUFFIX = '_pred_sd';

export const PREDICTOR_SETTINGS = {
  from: { type: 'text', default: '', description: "the run folder whose evaluated candidates train the predictor (required; its space is the one scored, its first objective the one predicted)" },
  seed: { type: 'number', default: 0, min: 0, integer: true, description: "seed of the predictor's fit (trees' splits, the networks' initial weights)" },
} as const;

export type PredictorSettings = SettingsOf<typeof PREDICTOR_SETTINGS>;

export const PREDICTOR: EstimatorDescriptor = {
  summary: `a learned predictor (${PREDICTOR_FAMILY_NAMES.join(', ')}) trained on an earlier run's evaluated candidates (--train from=<run folder>): its first objective as <metric>${PREDICTED_SUFFIX} and <metric>${PREDICTED_SD_SUFFIX}`,
  argument: { placeholder: '<family>', example: 'mlp' },
  settings: PREDICTOR_SETTINGS,
  trainsOnRun: 'from',
  needsGraph: false,
  metrics: [],
  describeLoaded: (name, objective): MetricInfo => {
    const sd = name.endsWith(PREDICTED_SD_SUFFIX);
    const metric = name.slice(0, -(sd ? PREDICTED_SD_SUFFIX : PREDICTED_SUFFIX).length);
    return sd
      ? { name, direction: 'min', unit: '', description: `the predictor's uncertainty (ensemble spread or posterior deviation) about ${metric}${PREDICTED_SUFFIX}`, cost: 'cheap' }
      : { name, direction: objective ?? directionByName(metric), unit: '', description: `${metric} predicted from the training run's evaluated candidates`, cost: 'cheap' };
  },
  loadedMetrics: `<metric>${PREDICTED_SUFFIX} and <metric>${PREDICTED_SD_SUFFIX}, <metric> the training run's first objective (its direction; the deviation min); cost cheap`,
};
