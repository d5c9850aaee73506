// Grid search: every architecture in rank order. Only for spaces small enough to enumerate.

import type { Proposal, StrategyContext } from '../strategy';
import { BaseStrategy } from './base';

export const GRID_DEFAULT_LIMIT = 1e6;

export class GridSearch extends BaseStrategy {
  /** Rank of the next architecture to look at. */
  private nextRank = 0n;

  constructor(ctx: StrategyContext, limit = GRID_DEFAULT_LIMIT) {
    super('grid', ctx);
    if (ctx.space.size > BigInt(Math.floor(limit))) {
      throw new Error(
        `grid search enumerates every architecture, and space '${ctx.space.name}' has ${ctx.space.size} (limit ${limit}); use random, evolution, local or nsga2`,
      );
    }
  }

  protected next(): Proposal | null {
    while (this.nextRank < this.space.size) {
      const arch = this.space.unrank(this.nextRank);
      this.nextRank++;
      // Ranks count architectures before the user's predicate; skip the ones it refuses.
      if (this.space.check(arch) !== null) continue;
      const p = this.proposal(arch);
      if (!this.seen.has(p.key)) return p;
    }
    return this.markExhausted(`grid search has enumerated all ${this.space.size} architectures of '${this.space.name}'`);
  }

  protected override snapshotExtra(): Record<string, unknown> {
    return { nextRank: this.nextRank.toString() };
  }

  protected override restoreExtra(s: Record<string, unknown>): void {
    if (typeof s.nextRank !== 'string' || !/^\d+$/.test(s.nextRank)) throw new Error('cannot resume grid search: stored state has no nextRank');
    this.nextRank = BigInt(s.nextRank);
  }
}
