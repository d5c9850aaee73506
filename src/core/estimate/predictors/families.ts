// The predictor families by name, as strategies' settings and `predictor:<family>` name them.
// Strategies record a family by its index here (their `predictor` option): add new ones last.
import { ExtraTrees } from './extraTrees';
import { GpPredictor } from './gpPredictor';
import { MlpEnsemble } from './mlpEnsemble';
import type { Predictor } from './types';

/** Settings a strategy may pass to a family; a family ignores those it has no use for. */
export interface FamilyTuning {
  /** Trees: share of the features each split tries (absent: the trees' default). */
  featureShare?: number;
}

export const PREDICTOR_FAMILIES = {
  trees: { summary: 'extremely randomized trees (50), spread of the trees as uncertainty', create: (seed: number, tuning: FamilyTuning = {}): Predictor => new ExtraTrees({ seed, ...(tuning.featureShare ? { featureShare: tuning.featureShare } : {}) }) },
  gp: { summary: 'Gaussian process with a Hamming kernel over the decisions (cheap metrics unused)', create: (_seed: number, _tuning: FamilyTuning = {}): Predictor => new GpPredictor() },
  mlp: { summary: 'ensemble of 5 small MLPs (BANANAS), spread of the members as uncertainty', create: (seed: number, _tuning: FamilyTuning = {}): Predictor => new MlpEnsemble({ seed }) },
} as const;

export type PredictorFamily = keyof typeof PREDICTOR_FAMILIES;
export const PREDICTOR_FAMILY_NAMES = Object.keys(PREDICTOR_FAMILIES) as PredictorFamily[];
