// How much of a space a table covers, from a sample of the space's keys: a table made for
// another space (or another key format) fails every candidate, so a search checks this before
// its first one and refuses when (almost) none of the sample is in the table.
import { Rng } from '../rng';
import type { SearchSpace } from '../space/searchSpace';

export interface TableCoverage {
  /** Distinct keys sampled from the space. */
  sampled: number;
  /** How many of them the table lacks. */
  missing: number;
  /** One missing key, for the message. */
  missingExample?: string;
}

/** Below this share of the sample in the table, a search is refused. */
export const MIN_COVERED_SHARE = 0.05;

export function tableCoverage(has: (key: string) => boolean, space: SearchSpace, seed: number, sampleSize = 200): TableCoverage {
  const rng = new Rng(seed);
  const keys = new Set<string>();
  // A small space yields fewer distinct keys than asked: stop after a few rounds of repeats.
  for (let tries = 0; keys.size < sampleSize && tries < 4 * sampleSize; tries++) keys.add(space.key(space.sample(rng)));
  const missing = [...keys].filter((k) => !has(k));
  return { sampled: keys.size, missing: missing.length, ...(missing.length ? { missingExample: missing[0] } : {}) };
}

/** The one-line refusal when too little of the space is in the table, else undefined. */
export function coverageProblem(c: TableCoverage, source: string, tableKeyExample: string | undefined): string | undefined {
  if (c.sampled - c.missing >= Math.max(1, c.sampled * MIN_COVERED_SHARE)) return undefined;
  const found = c.missing === c.sampled ? 'none' : `only ${c.sampled - c.missing}`;
  const looks = tableKeyExample ? `; the table's keys look like '${tableKeyExample}'` : '';
  return `${source}: ${found} of ${c.sampled} architectures sampled from the space ${c.missing === c.sampled ? 'is' : 'are'} in the table (e.g. '${c.missingExample}' is not)${looks}: is it the table for this space?`;
}
