// Builds the estimator named on the command line or in the editor: `table:<file.json>`,
// `table:nas-bench-201` (shipped in data/) or `proxy` (TensorFlow.js proxy training, loaded lazily so table searches start fast).
import * as path from 'node:path';
import type { Estimator } from '../core/estimate/types';
import { isBuiltinTable, loadTableFile, resolveTableFile } from '../core/run/tableFile';
import type { SearchSettings } from '../core/run/types';
import type { TrainDefaults } from '../core/space/dsl';
import { findPackageRoot } from '../train/data/builtin';

export class EstimatorSpecError extends Error {}

export const ESTIMATOR_HELP = "'table:<file.json>' (a JSON object of architecture key -> metrics, or .json.gz), 'table:nas-bench-201' (shipped) or 'proxy' (short training with TensorFlow.js)";

/** A table path made absolute, so the run's settings still work from another folder (resume); a built-in table keeps its name. */
export function absoluteEstimatorSpec(spec: string, baseDir: string): string {
  const file = spec.startsWith('table:') ? spec.slice('table:'.length) : '';
  return file && !isBuiltinTable(file) ? `table:${path.resolve(baseDir, file)}` : spec;
}

export interface CreatedEstimator {
  estimator: Estimator;
  /**
   * Every setting the estimator runs with, defaults included, for the run record: a resumed run
   * then evaluates its remaining candidates exactly like its first ones, even if a later version
   * changes a default.
   */
  options: Record<string, number | string>;
}

export async function createEstimator(settings: SearchSettings, baseDir: string, trainDefaults: TrainDefaults = {}, log: (message: string) => void = () => {}): Promise<CreatedEstimator> {
  const spec = settings.estimator;
  if (spec.startsWith('table:')) {
    const file = spec.slice('table:'.length);
    if (!file) throw new EstimatorSpecError(`--estimator table: needs a file or a shipped table, e.g. table:nb201.json or table:nas-bench-201`);
    return { estimator: loadTableFile(resolveTableFile(file, baseDir, findPackageRoot)), options: settings.estimatorOptions ?? {} };
  }
  if (spec === 'proxy') {
    // TensorFlow.js loads only here: table searches and the editor's checks never pay for it.
    const { selectBackend } = await import('../train/backend');
    const { ProxyEstimator } = await import('../train/proxyEstimator');
    const { parseProxySettings } = await import('../train/proxySettings');
    const report = await selectBackend();
    const why = Object.entries(report.reasons).map(([name, reason]) => `not ${name}: ${reason}`).join('; ');
    const proxy = new ProxyEstimator(parseProxySettings({ seed: settings.seed, ...trainDefaults, ...settings.estimatorOptions }));
    const { repeats } = proxy.settings;
    const repeatsNote = repeats > 1 ? `, ${repeats} trainings per candidate, up to ${proxy.parallelTrainings()} at once` : '';
    log(`training on the ${report.backend} backend (${report.threads} thread${report.threads === 1 ? '' : 's'} per training${repeatsNote})${why ? `; ${why}` : ''}`);
    return { estimator: proxy, options: { ...proxy.settings } };
  }
  throw new EstimatorSpecError(`unknown estimator '${spec}': expected ${ESTIMATOR_HELP}`);
}
