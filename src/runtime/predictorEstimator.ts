// `predictor:<family>` (descriptor: core/estimate/estimators/predictor.ts): fitted once, when
// built, on the evaluated candidates of the run folder its `from` setting names, then scoring any
// candidate of that run's space. Its features are the decisions, the cells' path or edge
// encoding and the training run's --cheap metrics recomputed by the same estimators; a
// candidate's cheap metrics are computed as it is scored. A pure function of the
// run's records and the seed, so two builds predict the same.
import * as path from 'node:path';
import { PREDICTED_SD_SUFFIX, PREDICTED_SUFFIX } from '../core/estimate/estimators/predictor';
import type { CheapEvaluator } from '../core/estimate/cheap';
import { FeatureBuilder } from '../core/estimate/predictors/features';
import { PREDICTOR_FAMILIES, type PredictorFamily } from '../core/estimate/predictors/families';
import type { Predictor } from '../core/estimate/predictors/types';
import type { EvaluationRequest, EvaluationResult, Estimator } from '../core/estimate/types';
import { CANDIDATES_FILE, readCandidateLogFile, readRunInfo } from '../core/run/store';
import { parseObjective, type Objective } from '../core/search/objectives';
import type { SearchSpace } from '../core/space/searchSpace';

/** The features every `predictor:` build uses (bench/predictor-quality compares the others). */
export const PREDICTOR_FEATURES = { cells: true } as const;

export class PredictorEstimator implements Estimator {
  readonly name: string;
  readonly needsGraph = false;

  constructor(
    family: PredictorFamily,
    readonly objective: Objective,
    /** Evaluated candidates it was fitted on. */
    readonly trainedOn: number,
    private readonly predictor: Predictor,
    private readonly features: FeatureBuilder,
    private readonly cheap: CheapEvaluator | undefined,
  ) {
    this.name = `predictor:${family}`;
  }

  metricNames(): string[] {
    return [this.objective.metric + PREDICTED_SUFFIX, this.objective.metric + PREDICTED_SD_SUFFIX];
  }

  async evaluate(request: EvaluationRequest): Promise<EvaluationResult> {
    const [cheap] = this.cheap ? await this.cheap.score([{ key: request.key, arch: { encoding: request.encoding } }]) : [null];
    const { mean, std } = this.predictor.predict(this.features.input(request.encoding, cheap));
    const sign = this.objective.direction === 'max' ? 1 : -1;
    return { status: 'ok', metrics: { [this.objective.metric + PREDICTED_SUFFIX]: sign * mean, [this.objective.metric + PREDICTED_SD_SUFFIX]: std } };
  }
}

/**
 * Fits `family` on the run's evaluated candidates (its first objective, in maximisation form).
 * `space`: the run's space (the caller loads it, from the run's space file or one that moved);
 * `createCheap` builds the run's --cheap estimators. Throws a one-line error for a folder that is
 * not a run or has fewer than 2 evaluated candidates.
 */
export async function trainPredictor(
  runDir: string,
  family: PredictorFamily,
  seed: number,
  space: SearchSpace,
  createCheap: (specs: readonly string[], baseDir: string) => Promise<CheapEvaluator | undefined>,
): Promise<PredictorEstimator> {
  const info = readRunInfo(runDir);
  const objective = parseObjective(info.settings.objectives[0] ?? '');
  const sign = objective.direction === 'max' ? 1 : -1;
  const records = readCandidateLogFile(path.join(runDir, CANDIDATES_FILE)).records.filter((r) => r.status === 'ok' && Number.isFinite(r.metrics[objective.metric]));
  if (records.length < 2) throw new Error(`${runDir}: ${records.length} evaluated candidate(s) with ${objective.metric}; a predictor needs at least 2`);
  const cheap = await createCheap(info.settings.cheap ?? [], path.dirname(runDir));
  const trainCheap = cheap ? await cheap.score(records.map((r) => ({ key: r.key, arch: { encoding: r.encoding } }))) : records.map(() => null);
  const y = records.map((r) => sign * r.metrics[objective.metric]);
  const features = new FeatureBuilder(space, cheap?.metricNames() ?? [], PREDICTOR_FEATURES);
  features.setFill(trainCheap, y);
  const predictor = PREDICTOR_FAMILIES[family].create(seed + 1);
  predictor.fit(records.map((r, i) => features.input(r.encoding, trainCheap[i])), y);
  return new PredictorEstimator(family, objective, records.length, predictor, features, cheap);
}
