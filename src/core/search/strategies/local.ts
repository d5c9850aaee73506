// Local search (best improvement; White et al. 2021 found it state of the art on NAS
// benchmarks): evaluate every neighbour of the incumbent, move to the best one if it is better,
// and when none is, restart from the best of a few fresh random samples.
//
// With several evaluations at once, while the incumbent's last neighbours are in flight it
// evaluates neighbours of the best neighbour so far if one beats the incumbent (the likely next
// incumbent); otherwise, and while a start's samples are in flight, it proposes fewer than asked
// and waits. Filling those lanes with more samples instead cost quality per evaluation on
// NAS-Bench-201 (bench/nb201-search/parallel.ts: best c10_valid in 150 evaluations, 40 seeds:
// 91.34 one at a time, 91.34 and 91.33 waiting with 3 and 8 at once, 90.82 with extra samples).
// With one at a time nothing is in flight when it is asked, so none of this happens.

import { compareSingle, type Evaluated } from '../evaluated';
import type { OptionSpecs, Proposal, StrategyContext } from '../strategy';
import { BaseStrategy } from './base';
import { seededOrder } from './order';

export const LOCAL_OPTIONS: OptionSpecs = {
  initial: { default: 10, min: 1, integer: true, description: 'random samples per (re)start; the best becomes the incumbent' },
};

type Mode = 'sampling' | 'climbing';

export class LocalSearch extends BaseStrategy {
  private readonly initialCount: number;
  private readonly seed: number;
  private mode: Mode = 'sampling';
  /** Samples proposed in the current (re)start. */
  private sampled = 0;
  /** history.length when the current (re)start began: its samples are the records after it. */
  private restartStart = 0;
  private incumbent: Evaluated | null = null;
  private neighbourCache: { key: string; list: Proposal[] } | null = null;

  constructor(ctx: StrategyContext) {
    super('local', ctx);
    this.initialCount = ctx.options?.initial ?? LOCAL_OPTIONS.initial.default;
    this.seed = ctx.seed;
  }

  protected next(): Proposal | null {
    for (;;) {
      if (this.mode === 'sampling') {
        if (this.sampled < this.initialCount) {
          this.sampled++;
          return this.sampleOrExhaust();
        }
        if (this.pendingCount() > 0) return null;
        const start = this.history.slice(this.restartStart).filter((e) => e.ok).sort(compareSingle)[0];
        if (!start) {
          this.sampled = 0; // every sample failed: draw again
          this.restartStart = this.history.length;
          continue;
        }
        this.incumbent = start;
        this.mode = 'climbing';
      }
      const incumbent = this.incumbent!;
      const neighbours = this.neighboursOf(incumbent);
      const fresh = neighbours.find((p) => !this.seen.has(p.key));
      if (fresh) return fresh;
      let best = incumbent;
      for (const p of neighbours) {
        const e = this.byKey.get(p.key);
        if (e && e.ok && compareSingle(e, best) < 0) best = e;
      }
      if (this.pendingCount() > 0) {
        if (best === incumbent) return null;
        return seededOrder(this.space.neighbours(best.arch).map((a) => this.proposal(a)), this.seed).find((p) => !this.seen.has(p.key)) ?? null;
      }
      if (best !== incumbent) {
        this.incumbent = best;
        continue;
      }
      this.mode = 'sampling';
      this.sampled = 0;
      this.restartStart = this.history.length;
    }
  }

  private neighboursOf(e: Evaluated): Proposal[] {
    if (this.neighbourCache?.key !== e.key) {
      const list = seededOrder(this.space.neighbours(e.arch).map((a) => this.proposal(a)), this.seed);
      this.neighbourCache = { key: e.key, list };
    }
    return this.neighbourCache.list;
  }

  protected override snapshotExtra(): Record<string, unknown> {
    return { mode: this.mode, sampled: this.sampled, restartStart: this.restartStart, incumbent: this.incumbent?.index ?? null };
  }

  protected override restoreExtra(s: Record<string, unknown>): void {
    if ((s.mode !== 'sampling' && s.mode !== 'climbing') || typeof s.sampled !== 'number' || typeof s.restartStart !== 'number') {
      throw new Error('cannot resume local search: the stored strategy state is incomplete');
    }
    this.mode = s.mode;
    this.sampled = s.sampled;
    this.restartStart = s.restartStart;
    this.incumbent = typeof s.incumbent === 'number' ? (this.history.find((e) => e.index === s.incumbent) ?? null) : null;
    if (this.mode === 'climbing' && !this.incumbent) throw new Error('cannot resume local search: its incumbent is not in the log');
  }
}
