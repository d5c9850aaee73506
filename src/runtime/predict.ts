// `nas predict`: builds the `predictor:<family>` estimator on a run's evaluated candidates (its
// first objective, features: the decisions, the cells' structure and the run's cheap metrics,
// recomputed) and scores a seeded sample of candidates the run never evaluated with it.

import * as path from 'node:path';
import type { PredictorFamily } from '../core/estimate/predictors/families';
import { Rng } from '../core/rng';
import { runSpaceFile } from '../core/run/runFolder';
import { readCandidateLogFile, readRunInfo, CANDIDATES_FILE } from '../core/run/store';
import { createEstimator } from './estimators';
import { PredictorEstimator } from './predictorEstimator';
import { loadSpaceFile } from './spaceLoader';

export interface PredictedCandidate {
  key: string;
  /** Predicted value of the objective's metric, in its own direction. */
  mean: number;
  std: number;
}

export interface RunPrediction {
  metric: string;
  direction: 'max' | 'min';
  trainedOn: number;
  /** Best predicted first. */
  candidates: PredictedCandidate[];
}

export async function predictRun(runDir: string, opts: { sample: number; family: PredictorFamily; seed: number; spaceFile?: string }): Promise<RunPrediction> {
  const info = readRunInfo(runDir);
  const { space } = await loadSpaceFile(opts.spaceFile ?? runSpaceFile(runDir, info));
  const settings = { strategy: '', budget: 0, seed: opts.seed, estimator: `predictor:${opts.family}`, estimatorOptions: { from: runDir, seed: opts.seed }, objectives: [], constraints: [] };
  const { estimator } = await createEstimator(settings, process.cwd(), space.definition.train, () => {}, { space, input: space.definition.input });
  if (!(estimator instanceof PredictorEstimator)) throw new Error(`predictor:${opts.family} built a ${estimator.name}`);
  const [mean, sd] = estimator.metricNames();
  const evaluated = new Set(readCandidateLogFile(path.join(runDir, CANDIDATES_FILE)).records.map((r) => r.key));
  const rng = new Rng(opts.seed);
  const sampled = new Map<string, number[]>();
  for (let tries = 0; sampled.size < opts.sample && tries < opts.sample * 20; tries++) {
    const arch = space.sample(rng);
    const key = space.key(arch);
    if (!evaluated.has(key)) sampled.set(key, [...arch.encoding]);
  }
  const candidates: PredictedCandidate[] = [];
  for (const [key, encoding] of sampled) {
    const r = await estimator.evaluate({ key, encoding });
    candidates.push({ key, mean: r.metrics[mean], std: r.metrics[sd] });
  }
  const sign = estimator.objective.direction === 'max' ? 1 : -1;
  candidates.sort((a, b) => sign * (b.mean - a.mean));
  return { metric: estimator.objective.metric, direction: estimator.objective.direction, trainedOn: estimator.trainedOn, candidates };
}
