// Builds the estimator named on the command line or in the editor, by the registry's name
// (core/estimate/estimators): one factory per entry, so an entry without one does not compile.
// A table is a file or one shipped in data/ (`table:nas-bench-201`). The proxy loads
// TensorFlow.js only here, lazily, so table searches and checks start fast.
import * as path from 'node:path';
import { EstimatorSpecError, estimatorSettings, parseEstimator, resolveEstimatorFile, type EstimatorName } from '../core/estimate/estimators/index';
import { parseZcArgument, ZC_SETTINGS } from '../core/estimate/estimators/zeroCost';
import { PREDICTOR_SETTINGS } from '../core/estimate/estimators/predictor';
import { PREDICTOR_FAMILY_NAMES, type PredictorFamily } from '../core/estimate/predictors/families';
import { applySettings } from '../core/estimate/settings';
import type { SettingValue } from '../core/estimate/settings';
import { coverageProblem, tableCoverage } from '../core/estimate/tableCoverage';
import { loadTableFile, resolveTableFile } from '../core/estimate/tableFile';
import { TableError } from '../core/estimate/tabular';
import { cheapEvaluator, type CheapEvaluator } from '../core/estimate/cheap';
import type { Estimator } from '../core/estimate/types';
import type { SearchSpace } from '../core/space/searchSpace';
import type { SearchSettings } from '../core/run/types';
import type { SpaceDefinition, TrainDefaults } from '../core/space/dsl';
import { findPackageRoot } from '../train/data/builtin';
import { trainPredictor } from './predictorEstimator';
import { loadRunSpace } from './spaceCopy';
import { readRunInfo } from '../core/run/store';

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
  /** The space a search will run on: the factory checks that the estimator can score it, and the zc ensemble samples its reference from it. */
  check?: SpaceToCheck;
}

/** The space a search will run on: the factory checks before the first candidate that the estimator can score it. */
export interface SpaceToCheck {
  space: SearchSpace;
  input: SpaceDefinition['input'];
}

const FACTORIES: Readonly<Record<EstimatorName, (input: FactoryInput) => Promise<CreatedEstimator>>> = {
  async table({ argument, settings, baseDir, log, check }) {
    // Its one setting, the learning-curve epoch, is recorded only when set, so ordinary table runs record none.
    const epoch = estimatorSettings('table', settings.estimatorOptions).epoch as number;
    const file = resolveTableFile(argument, baseDir, findPackageRoot);
    const table = loadTableFile(file, epoch);
    if (check) {
      const coverage = tableCoverage((key) => table.lookup(key) !== undefined, check.space, settings.seed);
      const problem = coverageProblem(coverage, file, table.firstKey());
      if (problem) throw new TableError(problem);
      if (coverage.missing > 0) log(`warning: ${coverage.missing} of ${coverage.sampled} architectures sampled from the space are not in ${file} (e.g. '${coverage.missingExample}'); such candidates fail`);
    }
    return { estimator: table, options: epoch > 0 ? { epoch } : ({} as Record<string, SettingValue>) };
  },
  async proxy({ settings, trainDefaults, log, check }) {
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
    if (check) {
      try {
        proxy.checkData(check.input);
      } catch (e) {
        await proxy.dispose();
        throw e;
      }
    }
    return { estimator: proxy, options: { ...proxy.settings } };
  },
  async zc({ argument, settings, log, check }) {
    let choice;
    try {
      choice = parseZcArgument(argument || undefined);
    } catch (e) {
      throw new EstimatorSpecError(e instanceof Error ? e.message : String(e));
    }
    const zcSettings = applySettings('estimator zc', ZC_SETTINGS, { seed: settings.seed, ...settings.estimatorOptions });
    const { selectBackend } = await import('../train/backend.js');
    const { ZeroCostEstimator } = await import('../train/zeroCost/zeroCostEstimator.js');
    const report = await selectBackend();
    const estimator = new ZeroCostEstimator(zcSettings, choice, check?.space);
    log(`zero-cost proxies ${choice.proxies.join(', ')}${choice.ensemble ? `, ensemble of ${choice.ensemble.join(' + ')} against ${zcSettings.reference} sampled architectures` : ''} on the ${report.backend} backend`);
    return { estimator, options: { ...zcSettings } };
  },
  async predictor({ argument, settings, baseDir, trainDefaults, log, check }) {
    if (!(PREDICTOR_FAMILY_NAMES as readonly string[]).includes(argument)) throw new EstimatorSpecError(`estimator predictor: unknown family '${argument}': expected ${PREDICTOR_FAMILY_NAMES.join(', ')}`);
    const own = applySettings('estimator predictor', PREDICTOR_SETTINGS, settings.estimatorOptions);
    if (!own.from) throw new EstimatorSpecError('estimator predictor needs the run folder to train on: its setting from (--train from=<run folder>)');
    // Absolute, so the run that records it resumes from any folder.
    const from = path.resolve(baseDir, own.from);
    const info = readRunInfo(from);
    if (check && (check.space.name !== info.spaceName || String(check.space.size) !== info.spaceSize)) {
      throw new EstimatorSpecError(`estimator predictor: the run in ${from} searched another space (${info.spaceName}, ${info.spaceSize} architectures) than this one (${check.space.name}, ${check.space.size})`);
    }
    // The training run's copy of its space file, as nas predict and export read it: the original may have been renamed or edited.
    const space = check?.space ?? (await loadRunSpace(from, info)).space;
    const estimator = await trainPredictor(from, argument as PredictorFamily, own.seed, space, (specs, dir) => createCheap(specs, space, trainDefaults, dir, log));
    log(`${estimator.name} trained on ${estimator.trainedOn} evaluated candidates of ${from}, predicting ${estimator.objective.metric}`);
    return { estimator, options: { from, seed: own.seed } };
  },
};

/**
 * Throws a one-line error for an unknown estimator, a missing argument or a bad setting, and,
 * given the space (`check`), for one it cannot score: data that does not load or does not fit
 * the space's input, a table that holds (almost) none of the space's keys.
 */
export async function createEstimator(settings: SearchSettings, baseDir: string, trainDefaults: TrainDefaults = {}, log: (message: string) => void = () => {}, check?: SpaceToCheck): Promise<CreatedEstimator> {
  const { name, argument } = parseEstimator(settings.estimator);
  return FACTORIES[name]({ argument: argument ?? '', settings, baseDir, trainDefaults, log, check });
}

/** The metric columns of a `table:<file>` spec's table (a relative file against `baseDir`); throws a one-line error. */
export function tableColumns(spec: string, baseDir: string): string[] {
  const { name, argument } = parseEstimator(spec);
  if (name !== 'table' || !argument) throw new EstimatorSpecError(`'${spec}' is not a table estimator`);
  return loadTableFile(resolveTableFile(argument, baseDir, findPackageRoot)).metricNames();
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
