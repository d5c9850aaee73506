// The strategies by name with a one-line description: what the CLI's help, the editor's quick
// pick and the space file's `search.strategy` type offer. Kept apart from the implementations
// so the extension host can list them without loading any search code.
export const STRATEGY_DESCRIPTIONS = {
  random: 'uniform random sampling',
  grid: 'every architecture in rank order (small spaces only)',
  evolution: 'regularized (aging) evolution',
  local: 'best-improvement local search with restarts',
  nsga2: 'NSGA-II then Pareto local search (several objectives, constraints)',
  'mo-predictor': 'surrogate-guided Pareto search: evaluates the candidate with the highest predicted hypervolume gain (several objectives, constraints)',
  halving: "successive halving over the estimator's fidelity (async=1: ASHA); several objectives: by non-dominated rank, then crowding",
  hyperband: "Hyperband's brackets of successive halving over the estimator's fidelity",
  'predictor-guided': 'BANANAS-like: starts from the best by cheap metrics, then evaluates the candidate a tree-ensemble predictor ranks best by its predicted accuracy (one objective)',
} as const;

export type StrategyName = keyof typeof STRATEGY_DESCRIPTIONS;

export const STRATEGY_NAMES = Object.keys(STRATEGY_DESCRIPTIONS) as StrategyName[];
