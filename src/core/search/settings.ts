// Where a search's settings come from, one order for the CLI and the editor alike: what the user
// chose (flags, quick picks), then the space file's `search` block, then the caller's fallbacks
// (the CLI's built-ins, the extension's configuration). How many evaluations run at once is the
// machine's business, not the space's: the user's choice, else the caller's.
import type { SearchSettings } from '../run/types';
import type { SearchDefaults } from '../space/dsl';
import { SpaceError } from '../space/errors';
import type { SourceLocation } from '../space/types';
import { STRATEGY_NAMES } from './strategyNames';

export type SearchFallbacks = Pick<SearchSettings, 'strategy' | 'budget' | 'seed' | 'estimator' | 'objectives' | 'parallel'>;

export function mergeSearchSettings(chosen: Partial<SearchSettings>, space: SearchDefaults | undefined, fallback: SearchFallbacks): SearchSettings {
  const d = space ?? {};
  // An empty objective list is no choice: the next source decides.
  const some = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? [...xs] : undefined);
  const parallel = chosen.parallel ?? fallback.parallel ?? 1;
  const cheap = some(chosen.cheap) ?? some(d.cheap);
  return {
    strategy: chosen.strategy ?? d.strategy ?? fallback.strategy,
    budget: chosen.budget ?? d.budget ?? fallback.budget,
    seed: chosen.seed ?? fallback.seed,
    estimator: chosen.estimator ?? d.estimator ?? fallback.estimator,
    objectives: some(chosen.objectives) ?? some(d.objectives) ?? [...fallback.objectives],
    constraints: [...(chosen.constraints ?? d.constraints ?? [])],
    ...(cheap ? { cheap } : {}),
    ...(chosen.timeLimitSec !== undefined ? { timeLimitSec: chosen.timeLimitSec } : {}),
    // Absent means 1, so a run of one evaluation at a time records what it always did.
    ...(parallel !== 1 ? { parallel } : {}),
    ...(chosen.strategyOptions ? { strategyOptions: chosen.strategyOptions } : {}),
    ...(chosen.estimatorOptions ? { estimatorOptions: chosen.estimatorOptions } : {}),
    ...(chosen.skipDegenerate !== undefined ? { skipDegenerate: chosen.skipDegenerate } : {}),
    ...(chosen.devices?.length ? { devices: [...chosen.devices] } : {}),
  };
}

/**
 * What the space language cannot know: whether the space file's `search` block names a strategy
 * there is. The space loader runs this with the location defineSpace() recorded, so the error
 * points into the user's file like the DSL's own.
 */
export function checkSpaceSearchDefaults(search: SearchDefaults | undefined, loc: SourceLocation | undefined): void {
  const strategy = search?.strategy;
  if (strategy !== undefined && !(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new SpaceError(`defineSpace(): search.strategy must be one of ${STRATEGY_NAMES.join(', ')}, got ${JSON.stringify(strategy)}`, loc);
  }
}
