// Hamming-kernel Gaussian processes (hammingGp.ts) with a choice of encoding per target: the
// decisions as they are, or their live-edge form (liveEdges.ts), where candidates computing the
// same function coincide. Which fits depends on the target: on NAS-Bench-201 accuracy is a
// property of the function, while the edge GPU's latency also grows with operations on dead
// edges (a linear fit of it on the live-edge one-hot explains 80% of its variance, on the raw
// one-hot 87%). With every target on the raw encoding it is one HammingGp, exactly.

import { emptyCache, HammingGp, type CandidateCache, type HammingGpOptions } from './hammingGp';

/** A candidate's kernel caches, one per encoding in use. */
export interface SplitCache {
  raw: CandidateCache | null;
  live: CandidateCache | null;
}

export class SplitGp {
  private readonly raw: HammingGp | null;
  private readonly live: HammingGp | null;
  /** Per target: which model and which of its targets. */
  private readonly slots: { live: boolean; index: number }[];

  constructor(
    decisions: number,
    /** Per target, whether it is modelled on the live-edge encoding. */
    liveTargets: readonly boolean[],
    options: HammingGpOptions,
    private readonly toLive: (encoding: readonly number[]) => readonly number[],
    /** The model of the live targets (default: a Hamming GP on the live-edge encoding). */
    liveModel: (targets: number) => HammingGp = (targets) => new HammingGp(decisions, targets, options),
  ) {
    let raw = 0;
    let live = 0;
    this.slots = liveTargets.map((isLive) => ({ live: isLive, index: isLive ? live++ : raw++ }));
    this.raw = raw > 0 ? new HammingGp(decisions, raw, options) : null;
    this.live = live > 0 ? liveModel(live) : null;
  }

  get size(): number {
    return (this.raw ?? this.live)!.size;
  }

  add(encoding: readonly number[], values: readonly number[]): void {
    this.raw?.add(encoding, values.filter((_, t) => !this.slots[t].live));
    this.live?.add(this.toLive(encoding), values.filter((_, t) => this.slots[t].live));
  }

  extend(encoding: readonly number[], cache?: SplitCache): SplitCache {
    return {
      raw: this.raw ? this.raw.extend(encoding, cache?.raw ?? emptyCache()) : null,
      live: this.live ? this.live.extend(this.toLive(encoding), cache?.live ?? emptyCache()) : null,
    };
  }

  predict(cache: SplitCache, out: number[] = new Array<number>(this.slots.length)): number[] {
    return this.gather(out, (gp, c, o) => gp.predict(c, o), cache);
  }

  stdDev(cache: SplitCache, out: number[] = new Array<number>(this.slots.length)): number[] {
    return this.gather(out, (gp, c, o) => gp.stdDev(c, o), cache);
  }

  priorStdDev(): number[] {
    const raw = this.raw?.priorStdDev() ?? [];
    const live = this.live?.priorStdDev() ?? [];
    return this.slots.map((s) => (s.live ? live : raw)[s.index]);
  }

  private gather(out: number[], read: (gp: HammingGp, cache: CandidateCache, out: number[]) => number[], cache: SplitCache): number[] {
    const raw = this.raw ? read(this.raw, cache.raw!, []) : [];
    const live = this.live ? read(this.live, cache.live!, []) : [];
    this.slots.forEach((s, t) => (out[t] = (s.live ? live : raw)[s.index]));
    return out;
  }
}
