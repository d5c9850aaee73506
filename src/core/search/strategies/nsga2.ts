// NSGA-II (Deb et al. 2002) for several objectives, constraints feasibility-first, followed by a
// Pareto local search phase. Textbook NSGA-II spends its budget on crossover children far from
// the front; on cell spaces the Pareto-optimal architectures sit next to each other, so after
// `nsgaShare` of the budget this strategy evaluates the unevaluated neighbours of the current
// front members instead (least-explored member first). `nsgaShare: 1` is plain NSGA-II.
//
// With several evaluations at once, generations are asynchronous rather than waiting for their
// last results: a generation is selected from the results in when its children are all
// proposed, and a child whose result comes later joins the next selection; likewise the Pareto
// local search falls back to generations while the front's last neighbours are in flight. With
// one at a time nothing is ever in flight when it is asked, so none of this happens.

import { crowdingDistance, nonDominatedSort } from '../pareto';
import type { Evaluated } from '../evaluated';
import type { OptionSpecs, Proposal, StrategyContext } from '../strategy';
import { BaseStrategy } from './base';
import { FrontArchive } from './frontArchive';
import { seededOrder } from './order';
import { stratifiedSample } from './stratified';

export const NSGA2_OPTIONS: OptionSpecs = {
  population: { default: 20, min: 2, integer: true, description: 'parents kept per generation (and children per generation)' },
  crossover: { default: 0.9, min: 0, max: 1, description: 'probability that a child is a crossover of two parents' },
  mutation: { default: 1, min: 0, max: 1, description: 'probability that a child is mutated (always when it would repeat a key)' },
  nsgaShare: { default: 0.05, min: 0, max: 1, description: 'share of the budget spent on NSGA-II generations before Pareto local search' },
};

interface Ranked {
  e: Evaluated;
  rank: number;
  crowding: number;
}

export class Nsga2 extends BaseStrategy {
  private readonly populationSize: number;
  private readonly crossoverRate: number;
  private readonly mutationRate: number;
  /** Proposals after which the Pareto local search phase starts (Infinity: never). */
  private readonly localAfter: number;
  private readonly seed: number;
  private parents: Ranked[] | null = null;
  private produced = 0;
  private generation = 0;
  /** history.length when the current generation's children began. */
  private generationStart = 0;
  /** Non-dominated (feasibility-first) evaluated candidates, kept up to date on every result. */
  private readonly front = new FrontArchive((e) => seededOrder(this.space.neighbours(e.arch).map((a) => this.proposal(a)), this.seed));

  constructor(ctx: StrategyContext) {
    super('nsga2', ctx);
    const o = ctx.options ?? {};
    this.populationSize = o.population ?? NSGA2_OPTIONS.population.default;
    this.crossoverRate = o.crossover ?? NSGA2_OPTIONS.crossover.default;
    this.mutationRate = o.mutation ?? NSGA2_OPTIONS.mutation.default;
    const share = o.nsgaShare ?? NSGA2_OPTIONS.nsgaShare.default;
    this.localAfter = ctx.budget !== undefined && share < 1 ? Math.max(this.populationSize, Math.round(share * ctx.budget)) : Infinity;
    this.seed = ctx.seed;
  }

  protected next(): Proposal | null {
    if (this.seen.size >= this.localAfter) {
      const p = this.paretoLocalStep();
      if (p) return p;
      // Every front member is fully explored (or its last neighbours are in flight): fall back to generations.
    }
    return this.generationStep();
  }

  private generationStep(): Proposal | null {
    if (this.parents === null) {
      if (this.produced < this.populationSize) {
        this.produced++;
        return stratifiedSample(this.space, this.rng, this.seen, this.history.map((e) => e.arch)) ?? this.sampleOrExhaust();
      }
      this.startGeneration(this.history.filter((e) => e.ok));
    }
    if (this.produced >= this.populationSize) {
      const children = this.history.slice(this.generationStart).filter((e) => e.ok);
      this.startGeneration([...this.parents!.map((r) => r.e), ...children]);
    }
    this.produced++;
    return this.makeChild();
  }

  /** Environmental selection: best fronts first, the last front cut by crowding distance. */
  private startGeneration(pool: Evaluated[]): void {
    const unique = [...new Map(pool.map((e) => [e.key, e])).values()];
    const fronts = nonDominatedSort(unique.map((e) => e.values), unique.map((e) => e.violation));
    const chosen: Evaluated[] = [];
    for (const front of fronts) {
      if (chosen.length >= this.populationSize) break;
      const members = front.map((i) => unique[i]);
      if (chosen.length + members.length <= this.populationSize) {
        chosen.push(...members);
      } else {
        const crowd = crowdingDistance(members.map((e) => e.values));
        const order = members.map((_, i) => i).sort((a, b) => crowd[b] - crowd[a] || members[a].index - members[b].index);
        chosen.push(...order.slice(0, this.populationSize - chosen.length).map((i) => members[i]));
      }
    }
    this.setParents(chosen);
    this.generation++;
    this.produced = 0;
    this.generationStart = this.history.length;
  }

  /** Rank and crowding within the parent set, used by the binary tournaments. */
  private setParents(parents: Evaluated[]): void {
    const fronts = nonDominatedSort(parents.map((e) => e.values), parents.map((e) => e.violation));
    const ranked: Ranked[] = [];
    fronts.forEach((front, rank) => {
      const crowd = crowdingDistance(front.map((i) => parents[i].values));
      front.forEach((i, j) => ranked.push({ e: parents[i], rank, crowding: crowd[j] }));
    });
    this.parents = ranked.sort((a, b) => a.e.index - b.e.index);
  }

  private tournament(): Ranked {
    const parents = this.parents!;
    const a = parents[this.rng.int(parents.length)];
    const b = parents[this.rng.int(parents.length)];
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    return a.crowding >= b.crowding ? a : b;
  }

  private makeChild(): Proposal | null {
    if (!this.parents || this.parents.length === 0) return this.sampleOrExhaust();
    const a = this.tournament().e;
    let arch = a.arch;
    if (this.rng.next() < this.crossoverRate) arch = this.space.crossover(a.arch, this.tournament().e.arch, this.rng);
    let child = this.proposal(arch);
    if (this.rng.next() < this.mutationRate || this.seen.has(child.key)) {
      child = this.mutateUnseen(arch) ?? child;
    }
    return this.seen.has(child.key) ? this.sampleOrExhaust() : child;
  }

  /** An unevaluated neighbour of the front member whose neighbourhood is least explored. */
  private paretoLocalStep(): Proposal | null {
    const member = this.leastExploredMember();
    return member ? (this.front.neighboursOf(member).find((p) => !this.seen.has(p.key)) ?? null) : null;
  }

  /** The front member with the fewest evaluated neighbours among those with any left. */
  private leastExploredMember(): Evaluated | null {
    let best: { member: Evaluated; explored: number } | null = null;
    for (const member of this.front.members) {
      const neighbours = this.front.neighboursOf(member);
      let explored = 0;
      for (const p of neighbours) if (this.seen.has(p.key)) explored++;
      if (explored === neighbours.length) continue;
      if (!best || explored < best.explored || (explored === best.explored && member.index < best.member.index)) {
        best = { member, explored };
      }
    }
    return best?.member ?? null;
  }

  protected override onObserve(e: Evaluated): void {
    if (e.ok) this.front.offer(e);
  }

  protected override snapshotExtra(): Record<string, unknown> {
    return {
      generation: this.generation,
      produced: this.produced,
      generationStart: this.generationStart,
      parents: this.parents ? this.parents.map((r) => r.e.index) : null,
    };
  }

  protected override restoreExtra(s: Record<string, unknown>): void {
    if (typeof s.generation !== 'number' || typeof s.produced !== 'number' || typeof s.generationStart !== 'number') {
      throw new Error('cannot resume nsga2: the stored strategy state is incomplete');
    }
    this.generation = s.generation;
    this.produced = s.produced;
    this.generationStart = s.generationStart;
    if (Array.isArray(s.parents)) {
      const byIndex = new Map(this.history.map((e) => [e.index, e]));
      const parents = s.parents.map((i) => byIndex.get(i as number));
      if (parents.some((p) => !p)) throw new Error('cannot resume nsga2: a parent of the current generation is not in the log');
      this.setParents(parents as Evaluated[]);
    } else {
      this.parents = null;
    }
  }
}
