// Builds the estimator named on the command line or in the editor: `table:<file.json>` or
// `proxy` (TensorFlow.js proxy training, loaded lazily so table searches start fast).
import * as path from 'node:path';
import type { Estimator } from '../core/estimate/types';
import { loadTableFile } from '../core/run/tableFile';
import type { SearchSettings } from '../core/run/types';

export class EstimatorSpecError extends Error {}

export const ESTIMATOR_HELP = "'table:<file.json>' (a JSON object of architecture key -> metrics) or 'proxy' (short training with TensorFlow.js)";

export async function createEstimator(settings: SearchSettings, baseDir: string): Promise<Estimator> {
  const spec = settings.estimator;
  if (spec.startsWith('table:')) {
    const file = spec.slice('table:'.length);
    if (!file) throw new EstimatorSpecError(`--estimator table: needs a file, e.g. table:nb201.json`);
    return loadTableFile(path.resolve(baseDir, file));
  }
  throw new EstimatorSpecError(`unknown estimator '${spec}': expected ${ESTIMATOR_HELP}`);
}
