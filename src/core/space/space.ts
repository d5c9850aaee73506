// A compiled search space: counting, sampling, variation operators, keys and decoding, all
// guaranteeing that what they return is a member of the space that passes its predicate.
import type { Rng } from '../rng';
import type { CellAnalysis, CellCodec, CellDag } from './cellCodec';
import { compileSpace, type CompiledSpace } from './compile';
import { decodeArchitecture } from './decode';
import type { ArchitectureView, DefinedSpace } from './dsl';
import { SpaceError } from './errors';
import { DecisionForest } from './forest';
import type { SearchSpace } from './searchSpace';
import type { Architecture, ArchitectureGraph, Decision, OptionValue } from './types';

/** The user's predicate: false or a reason string rejects an architecture. */
export type Predicate = (view: ArchitectureView) => boolean | string;

/** How many rejected draws in a row before sampling gives up instead of looping forever. */
export const MAX_REJECTIONS = 10_000;

/** Key of the single architecture of a space without decisions. */
const EMPTY_KEY = '-';

export class CompiledSearchSpace implements SearchSpace {
  readonly name: string;
  readonly size: bigint;
  readonly decisions: readonly Decision[];
  readonly compiled: CompiledSpace;
  private readonly forest: DecisionForest;
  /** The cell owning each decision (undefined for a layer setting). */
  private readonly cellOf: (CellCodec | undefined)[];
  private degenerate: bigint | null | undefined;

  /**
   * `distinctOnly`: only the canonical member of each class of identical networks is a member
   * (no degenerate cell, no relabelled copy, no constant output), so sampling is uniform over
   * distinct networks and a search never evaluates one twice. Spaces without cells are unchanged.
   */
  constructor(
    readonly definition: DefinedSpace,
    private readonly predicate: Predicate | undefined = definition.constraint,
    private readonly distinctOnly = false,
  ) {
    this.compiled = compileSpace(definition);
    this.name = definition.name;
    this.decisions = this.compiled.decisions;
    this.forest = new DecisionForest(this.decisions);
    this.size = this.forest.size;
    this.cellOf = this.decisions.map(() => undefined);
    for (const cell of this.compiled.cells) for (const d of cell.decisions) this.cellOf[d] = cell;
    this.checkWorstCaseShapes();
  }

  /**
   * Shapes shrink most with every stride at its largest option; decoding that architecture
   * finds a stride or pool that would take a feature map below 1x1 in any member. The error
   * then names the stride choices whose largest value leads there (those that, alone set to
   * their smallest, let it decode).
   */
  private checkWorstCaseShapes(): void {
    const isStride = (d: number) => this.decisions[d].id.endsWith('.stride');
    const largest = (d: number) => {
      const opts = this.decisions[d].options as number[];
      return opts.indexOf(Math.max(...opts));
    };
    const enc = this.forest.normalize(new Array(this.decisions.length).fill(-1), (d) => (isStride(d) ? largest(d) : 0));
    try {
      decodeArchitecture(this.compiled, enc);
    } catch (e) {
      if (!(e instanceof SpaceError)) throw e;
      const decodes = (trial: number[]) => {
        try {
          decodeArchitecture(this.compiled, trial);
          return true;
        } catch {
          return false;
        }
      };
      const culprits = enc
        .map((o, d) => ({ o, d }))
        .filter(({ o, d }) => o >= 0 && isStride(d) && this.decisions[d].options.length > 1)
        .filter(({ d }) => {
          const opts = this.decisions[d].options as number[];
          return decodes(enc.map((o, i) => (i === d ? opts.indexOf(Math.min(...opts)) : o)));
        });
      if (culprits.length === 0) throw e;
      const which = culprits.map(({ o, d }) => `${this.decisions[d].id} = ${this.decisions[d].options[o]} (of ${this.decisions[d].options.join(', ')})`).join(' or ');
      throw new SpaceError(`${e.message}, in the members with ${which}; drop ${culprits.length > 1 ? 'those values' : 'that value'} or the layer`, e.loc);
    }
  }

  private arch(encoding: number[]): Architecture {
    return { encoding };
  }

  key(arch: Architecture): string {
    const enc = arch.encoding;
    const parts: string[] = [];
    const cellsDone = new Set<CellCodec>();
    enc.forEach((o, d) => {
      if (o < 0) return;
      const cell = this.cellOf[d];
      if (!cell) {
        parts.push(String(this.decisions[d].options[o]));
      } else if (!cellsDone.has(cell)) {
        cellsDone.add(cell);
        parts.push(cell.key(enc));
      }
    });
    return parts.length ? parts.join(',') : EMPTY_KEY;
  }

  fromKey(key: string): Architecture {
    const bad = (why: string): never => {
      throw new SpaceError(`the key '${key}' is not an architecture of space '${this.name}': ${why}`);
    };
    const tokens = key === EMPTY_KEY ? [] : splitKey(key);
    const enc = new Array<number>(this.decisions.length).fill(-1);
    const cellsDone = new Set<CellCodec>();
    let t = 0;
    for (let d = 0; d < this.decisions.length; d++) {
      if (!this.forest.isActive(d, enc)) continue;
      const cell = this.cellOf[d];
      if (cell && cellsDone.has(cell)) continue;
      if (t >= tokens.length) bad('it is too short');
      const token = tokens[t++];
      if (cell) {
        cellsDone.add(cell);
        const why = cell.parse(token, enc);
        if (why) bad(why);
        continue;
      }
      const dec = this.decisions[d];
      const o = dec.options.findIndex((v) => String(v) === token);
      if (o < 0) bad(`'${token}' is not an option of ${dec.id}`);
      enc[d] = o;
    }
    if (t !== tokens.length) bad('it is too long');
    return this.arch(enc);
  }

  /** This space searched over distinct networks only (see the constructor). */
  distinctNetworks(): CompiledSearchSpace {
    return this.distinctOnly || this.compiled.cells.length === 0 ? this : new CompiledSearchSpace(this.definition, this.predicate, true);
  }

  /** Whether an operation of a cell is wasted, and whether a cell's output is always zero. */
  /** Each cell of the architecture as a DAG with its dead edges marked (none in a space without cells). */
  cellDags(arch: Architecture): CellDag[] {
    return this.compiled.cells.map((cell) => cell.dag(arch.encoding));
  }

  analyse(arch: Architecture): CellAnalysis {
    const out = { degenerate: false, zeroOutput: false };
    for (const cell of this.compiled.cells) {
      const a = cell.analyse(arch.encoding);
      out.degenerate ||= a.degenerate;
      out.zeroOutput ||= a.zeroOutput;
    }
    return out;
  }

  /** The one member of `arch`'s class of identical networks (wasted operations removed, nodes relabelled) that stands for it. */
  canonical(arch: Architecture): Architecture {
    if (this.compiled.cells.length === 0) return arch;
    const enc = arch.encoding.slice();
    for (const cell of this.compiled.cells) cell.canonicalize(enc);
    return this.arch(enc);
  }

  canonicalKey(arch: Architecture): string {
    return this.key(this.canonical(arch));
  }

  /**
   * Members with a degenerate cell, exactly (before the predicate), or null when a cell cannot
   * count its own. Cells own independent root decisions, so the members without one are the
   * rest of the space times each cell's non-degenerate assignments.
   */
  get degenerateCount(): bigint | null {
    if (this.degenerate !== undefined) return this.degenerate;
    let clean = this.size;
    for (const cell of this.compiled.cells) {
      const bad = cell.degenerateCount();
      if (bad === null) return (this.degenerate = null);
      const all = cell.decisions.reduce((p, d) => p * BigInt(this.decisions[d].options.length), 1n);
      clean = (clean / all) * (all - bad);
    }
    return (this.degenerate = this.size - clean);
  }

  check(arch: Architecture): string | null {
    const structural = this.forest.checkEncoding(arch.encoding);
    if (structural) return structural;
    if (this.distinctOnly) {
      const { degenerate, zeroOutput } = this.analyse(arch);
      if (zeroOutput) return 'degenerate: its output is always zero';
      if (degenerate) return 'degenerate: an operation lies on no path from a cell input to the cell output';
      const canonical = this.canonical(arch);
      if (canonical.encoding.some((o, d) => o !== arch.encoding[d])) return `the same network as ${this.key(canonical)}, relabelled`;
    }
    if (!this.predicate) return null;
    let verdict: boolean | string;
    try {
      verdict = this.predicate(this.view(arch));
    } catch (e) {
      if (e instanceof SpaceError) throw e;
      throw new SpaceError(`the space's constraint threw: ${e instanceof Error ? e.message : String(e)}`, this.definition.loc);
    }
    if (verdict === true) return null;
    if (typeof verdict === 'string') return verdict || 'rejected by the space constraint';
    if (verdict === false) return 'rejected by the space constraint';
    throw new SpaceError(`the space's constraint must return true, false or a reason string; it returned ${typeof verdict}`, this.definition.loc);
  }

  /** What the predicate sees. The graph is decoded when read: a stand-in for a predicate that runs elsewhere only needs the key. */
  private view(arch: Architecture): ArchitectureView {
    let graph: ArchitectureGraph | undefined;
    const decode = () => (graph ??= this.decode(arch));
    return {
      key: this.key(arch),
      values: this.values(arch),
      get graph() {
        return decode();
      },
    };
  }

  sample(rng: Rng): Architecture {
    for (let i = 0; i < MAX_REJECTIONS; i++) {
      const arch = this.unrank(rng.bigintBelow(this.size));
      if (this.check(arch) === null) return arch;
    }
    throw new SpaceError(`the space's constraint rejected ${MAX_REJECTIONS} uniformly drawn architectures in a row: almost nothing passes it`, this.definition.loc);
  }

  mutate(arch: Architecture, rng: Rng): Architecture | null {
    const enc = arch.encoding;
    const mutable = enc.flatMap((o, d) => (o >= 0 && this.decisions[d].options.length > 1 ? [d] : []));
    if (mutable.length === 0) return null;
    for (let attempt = 0; attempt < 100; attempt++) {
      const d = rng.pick(mutable);
      const n = this.decisions[d].options.length;
      const next = enc.slice();
      const cell = this.cellOf[d];
      if (!cell?.mutate?.(next, d, rng)) next[d] = (enc[d] + 1 + rng.int(n - 1)) % n;
      const child = this.arch(this.forest.normalize(next, (k) => rng.int(this.decisions[k].options.length)));
      if (this.check(child) === null) return child;
    }
    return null;
  }

  crossover(a: Architecture, b: Architecture, rng: Rng): Architecture {
    for (let attempt = 0; attempt < 100; attempt++) {
      const mixed = a.encoding.map((va, d) => {
        const vb = b.encoding[d];
        if (va < 0) return vb;
        if (vb < 0) return va;
        return rng.next() < 0.5 ? va : vb;
      });
      const child = this.arch(this.forest.normalize(mixed, (k) => rng.int(this.decisions[k].options.length)));
      if (this.check(child) === null) return child;
    }
    return rng.next() < 0.5 ? a : b;
  }

  neighbours(arch: Architecture): Architecture[] {
    const out: Architecture[] = [];
    arch.encoding.forEach((o, d) => {
      if (o < 0) return;
      for (let k = 0; k < this.decisions[d].options.length; k++) {
        if (k === o) continue;
        const next = arch.encoding.slice();
        next[d] = k;
        // Decisions that become active take their first option, so neighbours are deterministic.
        const n = this.arch(this.forest.normalize(next, () => 0));
        if (this.check(n) === null) out.push(n);
      }
    });
    return out;
  }

  *enumerate(): Iterable<Architecture> {
    for (let r = 0n; r < this.size; r++) {
      const arch = this.unrank(r);
      if (this.check(arch) === null) yield arch;
    }
  }

  rank(arch: Architecture): bigint {
    const why = this.forest.checkEncoding(arch.encoding);
    if (why) throw new SpaceError(`not an architecture of space '${this.name}': ${why}`);
    return this.forest.rank(arch.encoding);
  }

  unrank(rank: bigint): Architecture {
    return this.arch(this.forest.unrank(rank));
  }

  values(arch: Architecture): Record<string, OptionValue> {
    const out: Record<string, OptionValue> = {};
    arch.encoding.forEach((o, d) => {
      if (o >= 0) out[this.decisions[d].id] = this.decisions[d].options[o];
    });
    return out;
  }

  decode(arch: Architecture): ArchitectureGraph {
    return decodeArchitecture(this.compiled, arch.encoding);
  }
}

/** Splits a key at the commas outside brackets (a DARTS cell's part holds its own). */
function splitKey(key: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(key.slice(start, i));
      start = i + 1;
    }
  }
  out.push(key.slice(start));
  return out;
}
