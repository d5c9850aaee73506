// Regularized (aging) evolution (Real et al. 2019): the population is the most recent
// `population` successful candidates; each child is a mutation of the best of `tournament`
// members drawn at random. Two changes from the textbook version make it sample-efficient on
// tabular benchmarks: a child is never an architecture already evaluated (mutation retries, then
// falls back to an unseen neighbour), and the initial population is drawn so every option of
// every decision appears about equally often (a stratified start instead of plain random).
// With several evaluations at once, children are bred from the results in so far, and until a
// first result is in, the start draws more samples rather than wait.

import type { Evaluated } from '../evaluated';
import { compareSingle } from '../evaluated';
import type { OptionSpecs, Proposal, StrategyContext } from '../strategy';
import { BaseStrategy } from './base';
import { stratifiedSample } from './stratified';

export const EVOLUTION_OPTIONS: OptionSpecs = {
  population: { default: 20, min: 2, integer: true, description: 'number of recent candidates kept as the population' },
  tournament: { default: 10, min: 1, integer: true, description: 'members drawn per tournament; the best becomes the parent' },
  initial: { default: 20, min: 1, integer: true, description: 'random candidates evaluated before mutating' },
};

export class RegularizedEvolution extends BaseStrategy {
  private readonly populationSize: number;
  private readonly tournamentSize: number;
  private readonly initialCount: number;
  /** Successful candidates, oldest first; the population is the last `populationSize` of them. */
  private readonly okHistory: Evaluated[] = [];

  constructor(ctx: StrategyContext) {
    super('evolution', ctx);
    const o = ctx.options ?? {};
    this.populationSize = o.population ?? EVOLUTION_OPTIONS.population.default;
    this.tournamentSize = Math.min(o.tournament ?? EVOLUTION_OPTIONS.tournament.default, this.populationSize);
    this.initialCount = o.initial ?? EVOLUTION_OPTIONS.initial.default;
  }

  protected next(): Proposal | null {
    if (this.seen.size < this.initialCount || this.okHistory.length === 0) {
      return stratifiedSample(this.space, this.rng, this.seen, this.history.map((e) => e.arch)) ?? this.sampleOrExhaust();
    }
    const population = this.okHistory.slice(-this.populationSize);
    let parent: Evaluated | undefined;
    for (let i = 0; i < this.tournamentSize; i++) {
      const member = population[this.rng.int(population.length)];
      if (!parent || compareSingle(member, parent) < 0) parent = member;
    }
    const child = parent ? this.mutateUnseen(parent.arch) : null;
    return child ?? this.sampleOrExhaust();
  }

  protected override onObserve(e: Evaluated): void {
    if (e.ok) this.okHistory.push(e);
  }
}
