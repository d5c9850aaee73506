// Random search: uniform samples over the space, never the same key twice.

import type { Proposal, StrategyContext } from '../strategy';
import { BaseStrategy } from './base';

export class RandomSearch extends BaseStrategy {
  constructor(ctx: StrategyContext) {
    super('random', ctx);
  }

  protected next(): Proposal | null {
    return this.sampleOrExhaust();
  }
}
