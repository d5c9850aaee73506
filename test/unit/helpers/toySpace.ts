// A small SearchSpace for tests: the product of a few categorical decisions, ranked in mixed
// radix (the last decision varies fastest). `nb201LikeSpace` has the NAS-Bench-201 cell's
// decisions and keys, so strategies can be tried on the benchmark table without the real DSL.

import type { Rng } from '../../../src/core/rng';
import type { SearchSpace } from '../../../src/core/space/searchSpace';
import type { Architecture, ArchitectureGraph, Decision, OptionValue } from '../../../src/core/space/types';

export interface ToySpaceOptions {
  name?: string;
  /** Turns an encoding into the key; default joins the option values with '-'. */
  key?: (values: OptionValue[]) => string;
}

export function toySpace(options: readonly (readonly OptionValue[])[], opts: ToySpaceOptions = {}): SearchSpace {
  const decisions: Decision[] = options.map((o, i) => ({ id: `d${i}`, options: o }));
  const radices = options.map((o) => BigInt(o.length));
  const size = radices.reduce((a, b) => a * b, 1n);
  const keyOf = opts.key ?? ((values: OptionValue[]) => values.join('-'));
  const valuesOf = (arch: Architecture) => arch.encoding.map((o, d) => options[d][o]);
  const byKey = new Map<string, number[]>();

  const unrank = (rank: bigint): Architecture => {
    if (rank < 0n || rank >= size) throw new RangeError(`rank ${rank} outside 0..${size - 1n}`);
    const enc = new Array<number>(options.length);
    for (let d = options.length - 1; d >= 0; d--) {
      enc[d] = Number(rank % radices[d]);
      rank /= radices[d];
    }
    return { encoding: enc };
  };
  const check = (arch: Architecture): string | null => {
    if (arch.encoding.length !== options.length) return `expected ${options.length} decisions, got ${arch.encoding.length}`;
    for (let d = 0; d < options.length; d++) {
      const o = arch.encoding[d];
      if (!Number.isInteger(o) || o < 0 || o >= options[d].length) return `decision d${d}: option ${o} out of range`;
    }
    return null;
  };
  const key = (arch: Architecture) => keyOf(valuesOf(arch));

  const space: SearchSpace = {
    name: opts.name ?? 'toy',
    size,
    decisions,
    key,
    fromKey(k: string): Architecture {
      if (byKey.size === 0) for (const a of space.enumerate()) byKey.set(key(a), [...a.encoding]);
      const enc = byKey.get(k);
      if (!enc) throw new Error(`key '${k}' is not in space ${space.name}`);
      return { encoding: enc };
    },
    sample: (rng: Rng) => ({ encoding: options.map((o) => rng.int(o.length)) }),
    mutate(arch: Architecture, rng: Rng): Architecture | null {
      const choices = options.map((_, d) => d).filter((d) => options[d].length > 1);
      if (choices.length === 0) return null;
      const d = rng.pick(choices);
      const enc = [...arch.encoding];
      const shift = 1 + rng.int(options[d].length - 1);
      enc[d] = (enc[d] + shift) % options[d].length;
      return { encoding: enc };
    },
    crossover: (a: Architecture, b: Architecture, rng: Rng) => ({
      encoding: a.encoding.map((o, d) => (rng.next() < 0.5 ? o : b.encoding[d])),
    }),
    neighbours(arch: Architecture): Architecture[] {
      const out: Architecture[] = [];
      for (let d = 0; d < options.length; d++) {
        for (let o = 0; o < options[d].length; o++) {
          if (o === arch.encoding[d]) continue;
          const enc = [...arch.encoding];
          enc[d] = o;
          out.push({ encoding: enc });
        }
      }
      return out;
    },
    *enumerate(): Iterable<Architecture> {
      for (let r = 0n; r < size; r++) yield unrank(r);
    },
    rank(arch: Architecture): bigint {
      let r = 0n;
      for (let d = 0; d < options.length; d++) r = r * radices[d] + BigInt(arch.encoding[d]);
      return r;
    },
    unrank,
    check,
    values: (arch: Architecture) => Object.fromEntries(valuesOf(arch).map((v, d) => [`d${d}`, v])),
    cellDags: () => [],
    decode(arch: Architecture): ArchitectureGraph {
      return {
        input: [1], classes: 1, output: 'in', params: 0, macs: 0,
        nodes: [{ id: 'in', op: 'input', inputs: [], shape: [1], params: 0, macs: 0, attrs: { key: key(arch) }, group: '' }],
      };
    },
  };
  return space;
}

export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
/** Edges in the order of the benchmark string: (0->1), (0->2), (1->2), (0->3), (1->3), (2->3). */
const NB201_EDGE_FROM = [0, 0, 1, 0, 1, 2];

export function nb201LikeSpace(): SearchSpace {
  return toySpace(NB201_EDGE_FROM.map(() => NB201_OPS), {
    name: 'nb201-like',
    key: (v) => `|${v[0]}~${NB201_EDGE_FROM[0]}|+|${v[1]}~${NB201_EDGE_FROM[1]}|${v[2]}~${NB201_EDGE_FROM[2]}|+|${v[3]}~${NB201_EDGE_FROM[3]}|${v[4]}~${NB201_EDGE_FROM[4]}|${v[5]}~${NB201_EDGE_FROM[5]}|`,
  });
}
