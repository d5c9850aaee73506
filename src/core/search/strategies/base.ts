// Shared machinery of the strategies: the seeded RNG, the set of keys already proposed (so no
// architecture is evaluated twice), the evaluated candidates, and uniform sampling of a new key.

import type { PredictedRecord } from '../../run/predictedLog';
import type { CandidateRecord } from '../../run/types';
import { Rng, type RngState } from '../../rng';
import type { SearchSpace } from '../../space/searchSpace';
import type { Architecture } from '../../space/types';
import { toEvaluated, type Evaluated } from '../evaluated';
import type { Constraint, Objective } from '../objectives';
import type { Proposal, Strategy, StrategyContext } from '../strategy';

/** Random samples tried before concluding that every architecture was seen. */
const SAMPLE_ATTEMPTS = 300;
/** Spaces up to this size fall back to enumeration to find the last unseen architectures. */
const ENUMERATION_FALLBACK_LIMIT = 200_000n;

export interface BaseSnapshot {
  rng: RngState;
}

export abstract class BaseStrategy implements Strategy {
  protected rng: Rng;
  protected readonly space: SearchSpace;
  protected readonly objectives: readonly Objective[];
  protected readonly constraints: readonly Constraint[];
  /** Keys proposed so far (evaluated or in flight). */
  protected readonly seen = new Set<string>();
  /** Proposed and not yet observed (several evaluations at once), in the order proposed. */
  protected readonly pending = new Map<string, Proposal>();
  /** Evaluated candidates by key, and in index order. */
  protected readonly byKey = new Map<string, Evaluated>();
  protected readonly history: Evaluated[] = [];
  private exhaustedReason: string | null = null;
  /** What a predictor-driven strategy predicted since takePredicted was last asked (its ranked pools' tops). */
  protected predicted: PredictedRecord[] = [];

  constructor(
    readonly name: string,
    ctx: StrategyContext,
  ) {
    this.rng = new Rng(ctx.seed);
    this.space = ctx.space;
    this.objectives = ctx.objectives;
    this.constraints = ctx.constraints;
  }

  /** The next candidate, or null to wait for pending results (or when exhausted: call markExhausted). */
  protected abstract next(): Proposal | null;

  /** Strategy-specific reaction to a result; must not use the RNG. */
  protected onObserve(_e: Evaluated): void {}

  /** Strategy-specific snapshot fields (besides the RNG state). */
  protected snapshotExtra(): Record<string, unknown> {
    return {};
  }

  /** Restores the fields written by snapshotExtra, after the records were re-observed. */
  protected restoreExtra(_snapshot: Record<string, unknown>): void {}

  propose(count: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < count && this.exhaustedReason === null) {
      const p = this.next();
      if (!p) break;
      if (this.seen.has(p.key)) throw new Error(`internal: strategy ${this.name} proposed ${p.key} twice`);
      this.seen.add(p.key);
      this.pending.set(p.key, p);
      out.push(p);
    }
    return out;
  }

  observe(record: CandidateRecord): void {
    const e = toEvaluated(record, this.objectives, this.constraints);
    this.seen.add(e.key);
    this.pending.delete(e.key);
    if (this.byKey.has(e.key)) return;
    this.byKey.set(e.key, e);
    this.history.push(e);
    this.onObserve(e);
  }

  snapshot(): unknown {
    return { rng: this.rng.state(), ...this.snapshotExtra() };
  }

  restore(records: readonly CandidateRecord[], snapshot: unknown, inFlight: readonly Proposal[] = []): void {
    const sorted = [...records].sort((a, b) => a.index - b.index);
    for (const r of sorted) this.observe(r);
    for (const p of inFlight) {
      if (this.seen.has(p.key)) continue;
      this.seen.add(p.key);
      this.pending.set(p.key, p);
    }
    if (snapshot === undefined || snapshot === null) return;
    if (typeof snapshot !== 'object' || !isRngState((snapshot as BaseSnapshot).rng)) {
      throw new Error(`cannot resume strategy ${this.name}: the stored strategy state has no RNG state`);
    }
    this.rng = new Rng((snapshot as BaseSnapshot).rng);
    this.restoreExtra(snapshot as Record<string, unknown>);
  }

  takePredicted(): PredictedRecord[] {
    const out = this.predicted;
    this.predicted = [];
    return out;
  }

  exhausted(): string | null {
    return this.exhaustedReason;
  }

  protected markExhausted(reason: string): null {
    this.exhaustedReason = reason;
    return null;
  }

  protected proposal(arch: Architecture): Proposal {
    return { arch, key: this.space.key(arch) };
  }

  /** Pending: proposed but not yet observed. */
  protected pendingCount(): number {
    return this.pending.size;
  }

  /** A uniformly random architecture whose key was not proposed yet, or null when none is left. */
  protected sampleUnseen(): Proposal | null {
    if (BigInt(this.seen.size) >= this.space.size) return null;
    for (let i = 0; i < SAMPLE_ATTEMPTS; i++) {
      const p = this.proposal(this.space.sample(this.rng));
      if (!this.seen.has(p.key)) return p;
    }
    // Nearly everything was seen: find the rest by enumeration when the space is small enough.
    if (this.space.size > ENUMERATION_FALLBACK_LIMIT) return null;
    const unseen: Architecture[] = [];
    for (const arch of this.space.enumerate()) {
      if (!this.seen.has(this.space.key(arch))) unseen.push(arch);
    }
    return unseen.length === 0 ? null : this.proposal(unseen[this.rng.int(unseen.length)]);
  }

  /** A random unseen architecture, or marks the strategy exhausted. */
  protected sampleOrExhaust(): Proposal | null {
    return this.sampleUnseen() ?? this.markExhausted(`every architecture of '${this.space.name}' has been proposed (${this.seen.size})`);
  }

  /** A mutation of `arch` not seen yet: random mutations first, then any unseen neighbour. */
  protected mutateUnseen(arch: Architecture, attempts = 10): Proposal | null {
    for (let i = 0; i < attempts; i++) {
      const child = this.space.mutate(arch, this.rng);
      if (!child) return null;
      const p = this.proposal(child);
      if (!this.seen.has(p.key)) return p;
    }
    const fresh = this.space.neighbours(arch).map((a) => this.proposal(a)).filter((p) => !this.seen.has(p.key));
    return fresh.length === 0 ? null : fresh[this.rng.int(fresh.length)];
  }
}

function isRngState(x: unknown): x is RngState {
  return Array.isArray(x) && x.length === 4 && x.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
}
