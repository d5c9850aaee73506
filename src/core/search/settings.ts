// Where a search's settings come from, one order for the CLI and the editor alike: what the user
// chose (flags, quick picks), then the space file's `search` block, then the caller's fallbacks
// (the CLI's built-ins, the extension's configuration).
import type { SearchSettings } from '../run/types';
import type { SearchDefaults } from '../space/dsl';

export type SearchFallbacks = Pick<SearchSettings, 'strategy' | 'budget' | 'seed' | 'estimator' | 'objectives'>;

export function mergeSearchSettings(chosen: Partial<SearchSettings>, space: SearchDefaults | undefined, fallback: SearchFallbacks): SearchSettings {
  const d = space ?? {};
  // An empty objective list is no choice: the next source decides.
  const some = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? [...xs] : undefined);
  return {
    strategy: chosen.strategy ?? d.strategy ?? fallback.strategy,
    budget: chosen.budget ?? d.budget ?? fallback.budget,
    seed: chosen.seed ?? fallback.seed,
    estimator: chosen.estimator ?? d.estimator ?? fallback.estimator,
    objectives: some(chosen.objectives) ?? some(d.objectives) ?? [...fallback.objectives],
    constraints: [...(chosen.constraints ?? d.constraints ?? [])],
    ...(chosen.timeLimitSec !== undefined ? { timeLimitSec: chosen.timeLimitSec } : {}),
    ...(chosen.strategyOptions ? { strategyOptions: chosen.strategyOptions } : {}),
    ...(chosen.estimatorOptions ? { estimatorOptions: chosen.estimatorOptions } : {}),
    ...(chosen.devices?.length ? { devices: [...chosen.devices] } : {}),
  };
}
