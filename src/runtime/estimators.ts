// Builds the estimator named on the command line or in the editor, by the registry's name
// (core/estimate/estimators): one factory per entry, so an entry without one does not compile.
// A table is a file or one shipped in data/ (`table:nas-bench-201`). The proxy loads
// TensorFlow.js only here, lazily, so table searches and checks start fast.
import * as path from 'node:path';
import { estimatorSettings, parseEstimator, resolveEstimatorFile, type EstimatorName } from '../core/estimate/estimators/index';
import type { SettingValue } from '../core/estimate/settings';
import { loadTableFile, resolveTableFile } from '../core/estimate/tableFile';
import { cheapEvaluator, type CheapEvaluator } from '../core/estimate/cheap';
import type { Estimator } from '../core/estimate/types';
import type { SearchSpace } from '../core/space/searchSpace';
import type { SearchSettings } from '../core/run/types';
import type { TrainDefaults } from '../core/space/dsl';
import { findPackageRoot } from '../train/data/builtin';

/** A table path made absolute, so the run's settings still work from another folder (resume). */
export function absoluteEstimatorSpec(spec: string, baseDir: string): string {
  return resolveEstimatorFile(spec, (file) => path.resolve(baseDir, file));
}

export interface CreatedEstimator {
  estimator: Estimator;
  /**
   * Every setting the estimator runs with, defaults included, for the run record: a resumed run
   * then evaluates its remaining candidates exactly like its first ones, even if a later version
   * changes a default.
   */
  options: Record<string, SettingValue>;
}

interface FactoryInput {
  /** What follows the colon of a pattern (the table's file), already checked by the registry. */
  argument: string;
  settings: SearchSettings;
  baseDir: string;
  trainDefaults: TrainDefaults;
  log: (message: string) => void;
}

const FACTORIES: Readonly<Record<EstimatorName, (input: FactoryInput) => Promise<CreatedEstimator>>> = {
  async table({ argument, settings, baseDir }) {
    // No settings: the registry's check refuses any given.
    estimatorSettings('table', settings.estimatorOptions);
    return { estimator: loadTableFile(resolveTableFile(argument, baseDir, findPackageRoot)), options: {} };
  },
  async proxy({ settings, trainDefaults, log }) {
    // '.js': the per-file build the tests run (out/) keeps import() as Node's, which wants the
    // file's name; the bundles and the compiler map it to the .ts source all the same.
    const { selectBackend } = await import('../train/backend.js');
    const { ProxyEstimator } = await import('../train/proxyEstimator.js');
    const { parseProxySettings } = await import('../train/proxySettings.js');
    // Checked before the backend starts, so a bad setting is a quick one-line error.
    const proxySettings = parseProxySettings({ seed: settings.seed, ...trainDefaults, ...settings.estimatorOptions });
    const report = await selectBackend();
    const why = Object.entries(report.reasons).map(([name, reason]) => `not ${name}: ${reason}`).join('; ');
    const proxy = new ProxyEstimator(proxySettings);
    const { repeats } = proxy.settings;
    const repeatsNote = repeats > 1 ? `, ${repeats} trainings per candidate, up to ${proxy.parallelTrainings()} at once` : '';
    log(`training on the ${report.backend} backend (${report.threads} thread${report.threads === 1 ? '' : 's'} per training${repeatsNote})${why ? `; ${why}` : ''}`);
    return { estimator: proxy, options: { ...proxy.settings } };
  },
};

/** Throws a one-line error for an unknown estimator, a missing argument or a bad setting. */
export async function createEstimator(settings: SearchSettings, baseDir: string, trainDefaults: TrainDefaults = {}, log: (message: string) => void = () => {}): Promise<CreatedEstimator> {
  const { name, argument } = parseEstimator(settings.estimator);
  return FACTORIES[name]({ argument: argument ?? '', settings, baseDir, trainDefaults, log });
}

/** The --cheap estimators as one evaluator, or undefined when there are none. Each with its defaults (settings are the main estimator's). */
export async function createCheap(specs: readonly string[], space: SearchSpace, trainDefaults: TrainDefaults | undefined, baseDir: string, log: (m: string) => void = () => {}): Promise<CheapEvaluator | undefined> {
  if (specs.length === 0) return undefined;
  const estimators = [];
  for (const spec of specs) {
    const created = await createEstimator({ strategy: '', budget: 0, seed: 0, estimator: spec, objectives: [], constraints: [] }, baseDir, trainDefaults, log);
    estimators.push(created.estimator);
  }
  return cheapEvaluator(space, estimators);
}
