// The evaluated candidates no other one dominates (feasibility first: see constrainedDominates),
// kept up to date on every result, with each member's neighbours listed once while it stays a
// member. The Pareto-local steps of nsga2 and mo-predictor explore around it.
import { IncrementalFront } from '../pareto';
import type { Evaluated } from '../evaluated';
import type { Proposal } from '../strategy';

export class FrontArchive {
  private readonly front = new IncrementalFront<Evaluated>();
  private current: Evaluated[] = [];
  private readonly neighbourCache = new Map<string, Proposal[]>();

  /** `neighboursFor` lists a member's neighbours, in the order the strategy explores them. */
  constructor(private readonly neighboursFor: (e: Evaluated) => Proposal[]) {}

  /** In the order they joined the front. */
  get members(): readonly Evaluated[] {
    return this.current;
  }

  /** Adds `e` unless a member dominates it, and drops the members it dominates. */
  offer(e: Evaluated): void {
    if (!this.front.add(e, e.values, e.violation).joined) return;
    this.current = this.front.ids();
    for (const key of this.neighbourCache.keys()) if (!this.current.some((m) => m.key === key)) this.neighbourCache.delete(key);
  }

  neighboursOf(e: Evaluated): Proposal[] {
    let list = this.neighbourCache.get(e.key);
    if (!list) {
      list = this.neighboursFor(e);
      this.neighbourCache.set(e.key, list);
    }
    return list;
  }
}
