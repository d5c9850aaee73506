// A start population that covers the space evenly: among a few uniform samples, take the one
// whose active options have been used least so far. Cheap, valid for any space (it only picks
// among real samples), and it avoids the clumps plain random starts often have.

import type { Rng } from '../../rng';
import type { SearchSpace } from '../../space/searchSpace';
import type { Architecture } from '../../space/types';
import type { Proposal } from '../strategy';

const CANDIDATES = 8;

export function stratifiedSample(space: SearchSpace, rng: Rng, seen: ReadonlySet<string>, used: readonly Architecture[]): Proposal | null {
  const counts = space.decisions.map((d) => new Array<number>(d.options.length).fill(0));
  for (const a of used) a.encoding.forEach((o, d) => { if (o >= 0) counts[d][o]++; });
  let best: Proposal | null = null;
  let bestScore = Infinity;
  for (let i = 0; i < CANDIDATES; i++) {
    const arch = space.sample(rng);
    const key = space.key(arch);
    if (seen.has(key)) continue;
    let score = 0;
    arch.encoding.forEach((o, d) => { if (o >= 0) score += counts[d][o]; });
    if (score < bestScore) {
      bestScore = score;
      best = { arch, key };
    }
  }
  return best;
}
