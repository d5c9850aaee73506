// Successive halving over an estimator's fidelity (Jamieson & Talwalkar 2016), its asynchronous
// form ASHA (Li et al. 2020) and Hyperband's brackets (Li et al. 2017). The rungs are the levels
// min, min*eta, min*eta^2, ... up to the run's value of the fidelity setting (the last rung).
// A base strategy, the proposer, supplies every new candidate; halving only decides who is
// evaluated again at the next rung, by promotionOrder (../promotion.ts), which makes it the
// multi-objective form (non-dominated rank, then crowding; feasible first) with several objectives.
//
// - sync: brackets of `n` new candidates at the lowest rung; once a rung of the bracket is
//   complete, its best 1/eta move up; a bracket ends at the last rung, then the next starts.
//   Lanes wait while a rung fills (what ASHA removes).
// - async (ASHA): whenever a lane is free, promote a candidate in the top 1/eta of the results
//   so far of some rung (highest rung first) not yet promoted, else start a new one at rung 0.
// - hyperband: sync brackets that start at rung K - s with ceil((K+1)/(s+1)) * eta^s candidates,
//   for s = K, K-1, ..., 0, then again.
//
// The proposer observes each candidate's first result only (the rung it started at), so what it
// compares was measured at the same fidelity (in hyperband, the bracket's start rung).
// Without a fidelity there is one rung, and halving is its proposer.
import type { FidelityLevel } from '../../estimate/fidelity';
import type { ChoiceSetting } from '../../estimate/settings';
import type { PredictedRecord } from '../../run/predictedLog';
import type { CandidateRecord, Metrics } from '../../run/types';
import type { Architecture } from '../../space/types';
import { toEvaluated, type Evaluated } from '../evaluated';
import { promotionOrder } from '../promotion';
import type { ChoiceSpecs, OptionSpecs, Proposal, Strategy, StrategyContext } from '../strategy';

/**
 * The base strategies that can propose (`--option proposer=nsga2`): every strategy of the
 * registry but halving and hyperband (a registry-driven test checks the list). Runs recorded
 * before the setting took names hold its position in this list instead, so the first four stay in
 * this order and new names go at the end.
 */
export const PROPOSERS = ['random', 'evolution', 'nsga2', 'mo-predictor', 'predictor-guided', 'local', 'grid'] as const;

export const PROPOSER_CHOICE: ChoiceSetting<(typeof PROPOSERS)[number]> = {
  type: 'choice',
  default: 'random',
  values: PROPOSERS,
  description: 'the strategy proposing new candidates (with its default settings)',
};

export const HALVING_OPTIONS: OptionSpecs = {
  eta: { default: 3, min: 2, integer: true, description: 'reduction factor: 1/eta of a rung moves up, each rung eta times the fidelity of the last' },
  async: { default: 0, min: 0, max: 1, integer: true, description: '1: asynchronous successive halving (ASHA), no lane waits for a rung to fill' },
  n: { default: 0, min: 0, integer: true, description: 'candidates per bracket, synchronous form (0: eta^(rungs - 1))' },
};

export const HYPERBAND_OPTIONS: OptionSpecs = {
  eta: HALVING_OPTIONS.eta,
};

export const HALVING_CHOICES: ChoiceSpecs = { proposer: PROPOSER_CHOICE };

export type HalvingMode = 'sync' | 'async' | 'hyperband';

/** Makes the proposer (the registry's factory, passed in so this file does not import the registry). */
export type ProposerFactory = (name: string, ctx: StrategyContext) => Strategy;

interface Bracket {
  /** 0-based count of brackets started in this run (hyperband's s follows from it). */
  index: number;
  start: number;
  size: number;
  /** New candidates of the bracket, in the order proposed. */
  members: string[];
}

interface HalvingSnapshot {
  proposer: unknown;
  bracket: Bracket | null;
  brackets: number;
}

/** The fidelity levels of the rungs: min * eta^k, rounded, below max, then max. */
export function rungLevels(min: number, max: number, eta: number): number[] {
  const levels: number[] = [];
  for (let v = min; v < max; v *= eta) {
    const level = Math.round(v);
    if (levels.at(-1) !== level && level < max) levels.push(level);
  }
  levels.push(max);
  return levels;
}

export class SuccessiveHalving implements Strategy {
  private readonly proposer: Strategy;
  private readonly eta: number;
  private readonly levels: (FidelityLevel | undefined)[];
  /** Results by key, per rung. */
  private readonly results: Map<string, Evaluated>[];
  /** Keys proposed (evaluated or in flight), per rung. */
  private readonly proposedAt: Set<string>[];
  private readonly archs = new Map<string, Architecture>();
  /** Keys whose first result the proposer has seen. */
  private readonly fed = new Set<string>();
  private readonly bracketSize: number;
  private bracket: Bracket | null = null;
  private brackets = 0;
  private readonly objectives: StrategyContext['objectives'];
  private readonly constraints: StrategyContext['constraints'];

  constructor(
    readonly name: string,
    ctx: StrategyContext,
    private readonly mode: HalvingMode,
    makeProposer: ProposerFactory,
  ) {
    const o = ctx.options ?? {};
    this.objectives = ctx.objectives;
    this.constraints = ctx.constraints;
    this.eta = o.eta ?? HALVING_OPTIONS.eta.default;
    this.proposer = makeProposer(ctx.choices?.proposer ?? PROPOSER_CHOICE.default, { ...ctx, options: {} });
    const f = ctx.fidelity;
    this.levels = f ? rungLevels(f.min, f.max, this.eta).map((value, rung) => ({ setting: f.setting, value, rung })) : [undefined];
    this.results = this.levels.map(() => new Map());
    this.proposedAt = this.levels.map(() => new Set());
    this.bracketSize = o.n || this.eta ** (this.levels.length - 1);
  }

  private get top(): number {
    return this.levels.length - 1;
  }

  propose(count: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < count) {
      // One rung: nothing to promote, no bracket to wait for.
      const p = this.top === 0 ? this.fresh(0) : this.mode === 'async' ? this.nextAsync() : this.nextSync();
      if (!p) break;
      this.proposedAt[p.fidelity?.rung ?? 0].add(p.key);
      out.push(p);
    }
    return out;
  }

  observe(record: CandidateRecord): void {
    this.note(record);
    if (this.fed.has(record.key)) return;
    this.fed.add(record.key);
    this.proposer.observe(record);
  }

  /** The proposer's questions about cheap metrics (predictor-guided ranks its pool by them). */
  cheapWanted(): Proposal[] {
    return this.proposer.cheapWanted?.() ?? [];
  }

  observeCheap(key: string, metrics: Metrics | null): void {
    this.proposer.observeCheap?.(key, metrics);
  }

  takePredicted(): PredictedRecord[] {
    return this.proposer.takePredicted?.() ?? [];
  }

  snapshot(): unknown {
    const s: HalvingSnapshot = { proposer: this.proposer.snapshot(), bracket: this.bracket && { ...this.bracket, members: [...this.bracket.members] }, brackets: this.brackets };
    return s;
  }

  restore(records: readonly CandidateRecord[], snapshot: unknown, inFlight: readonly Proposal[] = []): void {
    const firsts: CandidateRecord[] = [];
    for (const r of [...records].sort((a, b) => a.index - b.index)) {
      this.note(r);
      if (this.fed.has(r.key)) continue;
      this.fed.add(r.key);
      firsts.push(r);
    }
    for (const p of inFlight) {
      this.proposedAt[p.fidelity?.rung ?? 0].add(p.key);
      this.archs.set(p.key, p.arch);
    }
    const s = snapshot as Partial<HalvingSnapshot> | undefined;
    this.proposer.restore(firsts, s?.proposer, inFlight.filter((p) => !this.fed.has(p.key)));
    if (s?.bracket) this.bracket = { ...s.bracket, members: [...s.bracket.members] };
    this.brackets = s?.brackets ?? 0;
  }

  /** The proposer's reason: once it has nothing new, halving ends when nothing is left to promote (the loop asks only then). */
  exhausted(): string | null {
    return this.proposer.exhausted();
  }

  private note(r: CandidateRecord): void {
    const rung = Math.min(r.fidelity?.rung ?? 0, this.top);
    const e = toEvaluated(r, this.objectives, this.constraints);
    this.results[rung].set(r.key, e);
    this.proposedAt[rung].add(r.key);
    this.archs.set(r.key, e.arch);
  }

  private at(rung: number, key: string): Proposal {
    const fidelity = this.levels[rung];
    return { arch: this.archs.get(key)!, key, ...(fidelity ? { fidelity } : {}) };
  }

  /** A new candidate from the proposer at `rung`, or null (it waits, or has nothing new). */
  private fresh(rung: number): Proposal | null {
    const [p] = this.proposer.propose(1);
    if (!p) return null;
    this.archs.set(p.key, p.arch);
    const fidelity = this.levels[rung];
    return { ...p, ...(fidelity ? { fidelity } : {}) };
  }

  private nextAsync(): Proposal | null {
    for (let k = this.top - 1; k >= 0; k--) {
      const ranked = promotionOrder([...this.results[k].values()]);
      const best = ranked.slice(0, Math.floor(ranked.length / this.eta)).find((e) => !this.proposedAt[k + 1].has(e.key));
      if (best) return this.at(k + 1, best.key);
    }
    return this.fresh(0);
  }

  private nextSync(): Proposal | null {
    for (;;) {
      this.bracket ??= this.startBracket();
      const step = this.stepBracket(this.bracket);
      if (step !== 'done') return step;
      const empty = this.bracket.members.length === 0;
      this.bracket = null;
      if (empty) return null;
    }
  }

  private startBracket(): Bracket {
    const index = this.brackets++;
    if (this.mode !== 'hyperband') return { index, start: 0, size: this.bracketSize, members: [] };
    const s = this.top - (index % (this.top + 1));
    return { index, start: this.top - s, size: Math.ceil((this.top + 1) / (s + 1)) * this.eta ** s, members: [] };
  }

  /** The bracket's next evaluation, null to wait for results, or 'done'. */
  private stepBracket(b: Bracket): Proposal | null | 'done' {
    if (b.members.length < b.size) {
      const p = this.fresh(b.start);
      if (p) {
        b.members.push(p.key);
        return p;
      }
      if (this.proposer.exhausted() === null) return null;
      b.size = b.members.length;
      if (b.size === 0) return 'done';
    }
    for (let k = b.start + 1; k <= this.top; k++) {
      const below = b.members.filter((key) => this.proposedAt[k - 1].has(key));
      if (below.some((key) => !this.results[k - 1].has(key))) return null;
      const ranked = promotionOrder(below.map((key) => this.results[k - 1].get(key)!));
      const target = Math.min(Math.max(1, Math.floor(b.size / this.eta ** (k - b.start))), ranked.length);
      const next = ranked.slice(0, target).find((e) => !this.proposedAt[k].has(e.key));
      if (next) return this.at(k, next.key);
    }
    return b.members.every((key) => !this.proposedAt[this.top].has(key) || this.results[this.top].has(key)) ? 'done' : null;
  }
}
