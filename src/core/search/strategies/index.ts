// Builds a strategy by name, checking its settings against what it accepts.

import { type ChoiceSetting, parseSetting } from '../../estimate/settings';
import type { ChoiceSpecs, OptionSpecs, Strategy, StrategyContext } from '../strategy';
import { STRATEGY_NAMES, type StrategyName } from '../strategyNames';
import { EVOLUTION_OPTIONS, RegularizedEvolution } from './evolution';
import { GRID_DEFAULT_LIMIT, GridSearch } from './grid';
import { HALVING_CHOICES, HALVING_OPTIONS, HYPERBAND_OPTIONS, SuccessiveHalving } from './halving';
import { LOCAL_OPTIONS, LocalSearch } from './local';
import { MO_PREDICTOR_OPTIONS, MoPredictor } from './moPredictor';
import { NSGA2_OPTIONS, Nsga2 } from './nsga2';
import { PREDICTOR_GUIDED_OPTIONS, PredictorGuided } from './predictorGuided';
import { RandomSearch } from './random';

interface StrategyEntry {
  options: OptionSpecs;
  /** Settings that take a name (`--option proposer=nsga2`). */
  choices?: ChoiceSpecs;
  /** Evaluates at levels of the estimator's fidelity (without one it has a single rung). */
  multiFidelity?: boolean;
  create(ctx: StrategyContext): Strategy;
}

const GRID_OPTIONS: OptionSpecs = {
  maxSize: { default: GRID_DEFAULT_LIMIT, min: 1, description: 'largest space grid search agrees to enumerate' },
};

export const STRATEGIES: Readonly<Record<StrategyName, StrategyEntry>> = {
  random: { options: {}, create: (ctx) => new RandomSearch(ctx) },
  grid: {
    options: GRID_OPTIONS,
    create: (ctx) => new GridSearch(ctx, ctx.options?.maxSize ?? GRID_DEFAULT_LIMIT),
  },
  evolution: { options: EVOLUTION_OPTIONS, create: (ctx) => new RegularizedEvolution(ctx) },
  local: { options: LOCAL_OPTIONS, create: (ctx) => new LocalSearch(ctx) },
  nsga2: { options: NSGA2_OPTIONS, create: (ctx) => new Nsga2(ctx) },
  'mo-predictor': {
    options: MO_PREDICTOR_OPTIONS,
    create: (ctx) => new MoPredictor(ctx),
  },
  halving: {
    options: HALVING_OPTIONS,
    choices: HALVING_CHOICES,
    multiFidelity: true,
    create: (ctx) => new SuccessiveHalving('halving', ctx, ctx.options?.async ? 'async' : 'sync', createStrategy),
  },
  hyperband: { options: HYPERBAND_OPTIONS, choices: HALVING_CHOICES, multiFidelity: true, create: (ctx) => new SuccessiveHalving('hyperband', ctx, 'hyperband', createStrategy) },
  'predictor-guided': { options: PREDICTOR_GUIDED_OPTIONS, create: (ctx) => new PredictorGuided(ctx) },
};

export { STRATEGY_NAMES };

/** Whether the strategy evaluates at fidelity levels (false for an unknown name). */
export function isMultiFidelity(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(STRATEGIES, name) && STRATEGIES[name as StrategyName].multiFidelity === true;
}

/** What createStrategy takes: a context whose settings are as the user or run.json gave them, numbers and names together. */
export type StrategyRequest = Omit<StrategyContext, 'options' | 'choices'> & { options?: Readonly<Record<string, number | string>> };

/** Throws a one-line error for an unknown strategy, an unknown setting or a value out of range. */
export function createStrategy(name: string, request: StrategyRequest): Strategy {
  const entry = Object.prototype.hasOwnProperty.call(STRATEGIES, name) ? STRATEGIES[name as StrategyName] : undefined;
  if (!entry) throw new Error(`unknown strategy '${name}': expected one of ${STRATEGY_NAMES.join(', ')}`);
  const options: Record<string, number> = {};
  const choices: Record<string, string> = {};
  const has = (specs: object | undefined, key: string) => specs !== undefined && Object.prototype.hasOwnProperty.call(specs, key);
  for (const [key, value] of Object.entries(request.options ?? {})) {
    if (has(entry.choices, key)) {
      choices[key] = choiceValue(name, key, entry.choices![key], value);
      continue;
    }
    const spec = has(entry.options, key) ? entry.options[key] : undefined;
    if (!spec) {
      const known = [...Object.keys(entry.options), ...Object.keys(entry.choices ?? {})];
      throw new Error(`strategy ${name} has no setting '${key}'${known.length ? ` (settings: ${known.join(', ')})` : ''}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || (spec.max !== undefined && value > spec.max) || (spec.integer && !Number.isInteger(value))) {
      const range = `${spec.integer ? 'an integer ' : 'a number '}>= ${spec.min}${spec.max !== undefined ? ` and <= ${spec.max}` : ''}`;
      throw new Error(`strategy ${name}: setting '${key}' must be ${range}, got ${typeof value === 'string' ? JSON.stringify(value) : value}`);
    }
    options[key] = value;
  }
  return entry.create({ ...request, options, choices });
}

/**
 * A named setting's value. A whole number picks by position in the spec's values: the form such a
 * setting had before it took names, kept so that runs recorded with it resume as they ran.
 */
function choiceValue(strategy: string, key: string, spec: ChoiceSetting, value: number | string): string {
  const byPosition = typeof value === 'number' && Number.isInteger(value) ? spec.values[value] : undefined;
  if (byPosition !== undefined) return byPosition;
  const parsed = parseSetting(spec, value);
  if ('problem' in parsed) throw new Error(`strategy ${strategy}: setting '${key}' ${parsed.problem}`);
  return String(parsed.value);
}
