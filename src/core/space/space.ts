// A compiled search space: counting, sampling, variation operators, keys and decoding, all
// guaranteeing that what they return is a member of the space that passes its predicate.
import type { Rng } from '../rng';
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

  constructor(
    readonly definition: DefinedSpace,
    private readonly predicate: Predicate | undefined = definition.constraint,
  ) {
    this.compiled = compileSpace(definition);
    this.name = definition.name;
    this.decisions = this.compiled.decisions;
    this.forest = new DecisionForest(this.decisions);
    this.size = this.forest.size;
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
    const cellsDone = new Set<string>();
    enc.forEach((o, d) => {
      if (o < 0) return;
      const dec = this.decisions[d];
      if (!dec.cellEdge) {
        parts.push(String(dec.options[o]));
      } else if (!cellsDone.has(dec.cellEdge.cell)) {
        cellsDone.add(dec.cellEdge.cell);
        parts.push(this.cellString(dec.cellEdge.cell, enc));
      }
    });
    return parts.length ? parts.join(',') : EMPTY_KEY;
  }

  /** NAS-Bench-201's string: `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. */
  private cellString(cell: string, enc: readonly number[]): string {
    const plan = this.compiled.cells.find((c) => c.name === cell)!;
    const rows: string[] = [];
    for (let to = 1; to < plan.nodes; to++) {
      const ops = plan.edges.filter((e) => e.to === to).map((e) => `${this.decisions[e.decision].options[enc[e.decision]]}~${e.from}`);
      rows.push(`|${ops.join('|')}|`);
    }
    return rows.join('+');
  }

  fromKey(key: string): Architecture {
    const bad = (why: string): never => {
      throw new SpaceError(`the key '${key}' is not an architecture of space '${this.name}': ${why}`);
    };
    const tokens = key === EMPTY_KEY ? [] : key.split(',');
    const enc = new Array<number>(this.decisions.length).fill(-1);
    const cellOps = new Map<string, Map<string, string>>();
    let t = 0;
    for (let d = 0; d < this.decisions.length; d++) {
      if (!this.forest.isActive(d, enc)) continue;
      const dec = this.decisions[d];
      let token: string;
      if (dec.cellEdge) {
        let ops = cellOps.get(dec.cellEdge.cell);
        if (!ops) {
          if (t >= tokens.length) bad('it is too short');
          ops = parseCellString(tokens[t++]) ?? bad(`'${tokens[t - 1]}' is not a cell string`);
          cellOps.set(dec.cellEdge.cell, ops);
        }
        token = ops.get(`${dec.cellEdge.from}->${dec.cellEdge.to}`) ?? bad(`the cell has no edge ${dec.cellEdge.from}->${dec.cellEdge.to}`);
      } else {
        if (t >= tokens.length) bad('it is too short');
        token = tokens[t++];
      }
      const o = dec.options.findIndex((v) => String(v) === token);
      if (o < 0) bad(`'${token}' is not an option of ${dec.id}`);
      enc[d] = o;
    }
    if (t !== tokens.length) bad('it is too long');
    return this.arch(enc);
  }

  check(arch: Architecture): string | null {
    const structural = this.forest.checkEncoding(arch.encoding);
    if (structural) return structural;
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
      next[d] = (enc[d] + 1 + rng.int(n - 1)) % n;
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

/** Parses `|a~0|+|b~0|c~1|` into edge -> op, or null when it is not a cell string. */
function parseCellString(s: string): Map<string, string> | null {
  const rows = s.split('+');
  const out = new Map<string, string>();
  for (let r = 0; r < rows.length; r++) {
    const m = /^\|(.*)\|$/.exec(rows[r]);
    if (!m) return null;
    for (const item of m[1].split('|')) {
      const [op, from] = item.split('~');
      if (op === undefined || from === undefined || !/^\d+$/.test(from)) return null;
      out.set(`${from}->${r + 1}`, op);
    }
  }
  return out;
}
