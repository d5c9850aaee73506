// `nas predict`: fits a learned predictor on a run's evaluated candidates (its first objective,
// features: the decisions and the run's cheap metrics) and predicts that objective, with its
// uncertainty, for candidates the run never evaluated: a seeded sample of the space.

import { PREDICTOR_FAMILIES, type PredictorFamily } from '../core/estimate/predictors/families';
import { FeatureBuilder } from '../core/estimate/predictors/features';
import { Rng } from '../core/rng';
import { runSpaceFile } from '../core/run/runFolder';
import { readCandidateLogFile, readRunInfo, CANDIDATES_FILE } from '../core/run/store';
import type { Metrics } from '../core/run/types';
import { parseObjective } from '../core/search/objectives';
import * as path from 'node:path';
import { createCheap } from './estimators';
import { loadSpaceFile } from './spaceLoader';

export interface PredictedCandidate {
  key: string;
  /** Predicted value of the objective's metric, in its own direction. */
  mean: number;
  std: number;
  cheap: Metrics | null;
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
  const objective = parseObjective(info.settings.objectives[0]);
  const sign = objective.direction === 'max' ? 1 : -1;
  const records = readCandidateLogFile(path.join(runDir, CANDIDATES_FILE)).records.filter((r) => r.status === 'ok' && Number.isFinite(r.metrics[objective.metric]));
  if (records.length < 2) throw new Error(`${runDir}: ${records.length} evaluated candidate(s) with ${objective.metric}; a predictor needs at least 2`);
  const evaluated = new Set(records.map((r) => r.key));
  const rng = new Rng(opts.seed);
  const sampled = new Map<string, number[]>();
  for (let tries = 0; sampled.size < opts.sample && tries < opts.sample * 20; tries++) {
    const arch = space.sample(rng);
    const key = space.key(arch);
    if (!evaluated.has(key)) sampled.set(key, [...arch.encoding]);
  }
  const cheap = await createCheap(info.settings.cheap ?? [], space, space.definition.train, path.dirname(runDir));
  const score = async (items: { key: string; encoding: number[] }[]) => (cheap ? await cheap.score(items.map((i) => ({ key: i.key, arch: { encoding: i.encoding } }))) : items.map(() => null));
  const trainCheap = await score(records);
  const samples = [...sampled].map(([key, encoding]) => ({ key, encoding }));
  const sampleCheap = await score(samples);
  const features = new FeatureBuilder(space, cheap?.metricNames() ?? []);
  features.setFill(trainCheap);
  const predictor = PREDICTOR_FAMILIES[opts.family].create(opts.seed + 1);
  predictor.fit(records.map((r, i) => features.input(r.encoding, trainCheap[i])), records.map((r) => sign * r.metrics[objective.metric]));
  const candidates = samples.map((s, i) => {
    const p = predictor.predict(features.input(s.encoding, sampleCheap[i]));
    return { key: s.key, mean: sign * p.mean, std: p.std, cheap: sampleCheap[i] };
  });
  candidates.sort((a, b) => sign * (b.mean - a.mean));
  return { metric: objective.metric, direction: objective.direction, trainedOn: records.length, candidates };
}
