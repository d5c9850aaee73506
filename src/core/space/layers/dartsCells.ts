// DARTS cells (Liu et al. 2019): each intermediate node picks k distinct inputs among the cell's
// two inputs (the outputs of the two previous cells) and the nodes before it, and an operation
// on each; the cell's output concatenates (or sums) its intermediate nodes. dartsStack() stacks
// normal and reduction cells by a plan of names, each cell with its own decisions, and builds
// everything as DARTS's model.py and operations.py do (ReLU-conv-BN, separable convolutions as
// two depthwise-pointwise stacks, stride-2 inputs in reduction cells, factorized reduce).
import { compareAt, countByEnumeration, MAX_RELABELLED_NODES, permutations, type CellAnalysis, type CellCodec, type CellDag } from '../cellCodec';
import { binomial, combinationOptions, rankCombination, unrankCombination } from '../combinations';
import { checkKeys, checkNumber, checkOptions, describe, fail, here } from '../dsl';
import { SpaceError } from '../errors';
import type { GraphBuilder } from '../graphBuilder';
import type { SourceLocation } from '../types';
import type { Layer } from './index';
import { makeLayer, type CompileContext, type LayerKind } from './kind';

export type DartsOp = 'none' | 'max_pool_3x3' | 'avg_pool_3x3' | 'skip_connect' | 'sep_conv_3x3' | 'sep_conv_5x5' | 'dil_conv_3x3' | 'dil_conv_5x5';
/** DARTS's eight operations, in its PRIMITIVES order. */
export const DARTS_OPS: readonly DartsOp[] = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];

export interface DartsCellSpec {
  /** Intermediate nodes (DARTS: 4), numbered 2.. after the cell's two inputs 0 and 1. */
  nodes: number;
  /** Distinct inputs each node takes (DARTS: 2). */
  inputsPerNode?: number;
  /** Operations to choose from on each input. */
  ops: readonly DartsOp[];
  /** A reduction cell halves the resolution (its ops on the cell's inputs have stride 2) and doubles the channels. */
  reduction?: boolean;
  /** How the output combines `outputNodes`: 'concat' (DARTS) or 'sum'. */
  output?: 'concat' | 'sum';
  /** Nodes the output combines; default every intermediate node. */
  outputNodes?: readonly number[];
}

export interface DartsCell {
  readonly kind: 'dartsCell';
  readonly nodes: number;
  readonly inputsPerNode: number;
  readonly ops: readonly DartsOp[];
  readonly reduction: boolean;
  readonly output: 'concat' | 'sum';
  readonly outputNodes: readonly number[];
  readonly loc?: SourceLocation;
}

export interface DartsStackSpec {
  /** The cells by the names the plan uses; the names also name their decisions (`cells.<name>...`). */
  cells: Record<string, DartsCell>;
  /** The cells in order, by name, e.g. ['normal', 'normal', 'reduce', ...]. */
  plan: readonly string[];
  /** Channels of each node in the first cells (DARTS: 16 to search, 36 to evaluate); doubled at each reduction. */
  channels: number;
  /** The stem convolution has stemMultiplier x channels filters (DARTS: 3). */
  stemMultiplier?: number;
}

/** A DARTS cell's definition; dartsStack() places it. */
export function dartsCell(spec: DartsCellSpec): DartsCell {
  const loc = here();
  if (typeof spec !== 'object' || spec === null) fail(`dartsCell() takes an object of settings, got ${describe(spec)}`, loc);
  checkKeys('dartsCell()', spec, ['nodes', 'inputsPerNode', 'ops', 'reduction', 'output', 'outputNodes'], loc);
  checkNumber('dartsCell()', 'nodes', spec.nodes, loc, { min: 1, max: 12 });
  checkNumber('dartsCell()', 'inputsPerNode', spec.inputsPerNode, loc, { min: 1, max: 13, optional: true });
  const k = spec.inputsPerNode ?? 2;
  if (k > 2) fail(`dartsCell(): the first node has only the cell's 2 inputs to choose from, so 'inputsPerNode' ${k} is more than it has predecessors`, loc);
  if (!Array.isArray(spec.ops)) fail(`dartsCell(): 'ops' must be a list of operation names`, loc);
  checkOptions(spec.ops, loc, 'dartsCell() ops');
  for (const op of spec.ops) {
    if (!DARTS_OPS.includes(op as DartsOp)) fail(`dartsCell(): unknown operation ${JSON.stringify(op)} (known: ${DARTS_OPS.join(', ')})`, loc);
  }
  if (spec.reduction !== undefined && typeof spec.reduction !== 'boolean') fail(`dartsCell(): 'reduction' must be true or false`, loc);
  if (spec.output !== undefined && spec.output !== 'concat' && spec.output !== 'sum') fail(`dartsCell(): 'output' must be 'concat' or 'sum', got ${describe(spec.output)}`, loc);
  const all = Array.from({ length: spec.nodes }, (_, i) => i + 2);
  const outputNodes = spec.outputNodes ?? all;
  if (!Array.isArray(outputNodes)) fail(`dartsCell(): 'outputNodes' must be a list of node numbers`, loc);
  if (outputNodes.length === 0) fail(`dartsCell(): the output ${spec.output === 'sum' ? 'sums' : 'concatenates'} nothing: 'outputNodes' is empty`, loc);
  for (const n of outputNodes) {
    if (!all.includes(n)) fail(`dartsCell(): output node ${describe(n)} is not an intermediate node (${all[0]}..${all[all.length - 1]})`, loc);
  }
  if (new Set(outputNodes).size !== outputNodes.length) fail(`dartsCell(): 'outputNodes' names a node twice`, loc);
  return { kind: 'dartsCell', nodes: spec.nodes, inputsPerNode: k, ops: [...spec.ops] as DartsOp[], reduction: spec.reduction ?? false, output: spec.output ?? 'concat', outputNodes: [...outputNodes].sort((a, b) => a - b), loc };
}

/** Normal and reduction cells stacked by `plan`, after DARTS's stem. */
export function dartsStack(spec: DartsStackSpec): Layer<'dartsStack'> {
  const loc = here();
  const l = makeLayer('dartsStack', spec, loc);
  checkKeys('dartsStack()', spec, ['cells', 'plan', 'channels', 'stemMultiplier'], loc);
  if (typeof spec.cells !== 'object' || spec.cells === null || Object.keys(spec.cells).length === 0) fail(`dartsStack(): 'cells' must name the cells, e.g. { normal, reduce }`, loc);
  for (const [name, c] of Object.entries(spec.cells)) {
    if (!/^[A-Za-z_][\w-]*$/.test(name)) fail(`dartsStack(): the cell name ${JSON.stringify(name)} must be an identifier`, loc);
    if (typeof c !== 'object' || c === null || c.kind !== 'dartsCell') fail(`dartsStack(): cells.${name} must be a dartsCell({...})`, loc);
  }
  if (!Array.isArray(spec.plan) || spec.plan.length === 0) fail(`dartsStack(): 'plan' must be a non-empty list of cell names`, loc);
  spec.plan.forEach((name, i) => {
    if (typeof name !== 'string' || !Object.hasOwn(spec.cells, name)) fail(`dartsStack(): plan[${i}] names the cell ${describe(name)}, which does not exist (cells: ${Object.keys(spec.cells).join(', ')})`, loc);
  });
  checkNumber('dartsStack()', 'channels', spec.channels, loc, { min: 2, max: 4096 });
  if (typeof spec.channels !== 'number' || spec.channels % 2 !== 0) fail(`dartsStack(): 'channels' must be an even number (factorized reduce splits them in two), got ${describe(spec.channels)}`, loc);
  checkNumber('dartsStack()', 'stemMultiplier', spec.stemMultiplier, loc, { min: 1, max: 16, optional: true });
  return l;
}

/** One intermediate node's decisions: its inputs (a k-subset, option index = rank) and an op per chosen input, in ascending input order. */
interface NodeDecisions {
  inputs: number;
  ops: number[];
}

/** A compiled DARTS cell. */
interface DartsPlan extends CellCodec {
  def: DartsCell;
  nodes: NodeDecisions[];
}

/** One term of a node: the input it reads and the op it applies. */
type Term = { input: number; op: number };

function compileDartsCell(def: DartsCell, name: string, ctx: CompileContext): DartsPlan {
  const known = ctx.cells.get(def) as DartsPlan | undefined;
  if (known) return known;
  if ([...ctx.cells.values()].some((c) => c.name === name)) throw new SpaceError(`two different cells are named '${name}'`, def.loc ?? ctx.loc);
  const k = def.inputsPerNode;
  const nodes: NodeDecisions[] = [];
  for (let j = 0; j < def.nodes; j++) {
    const label = j + 2;
    const inputs = ctx.addDecision({ id: `cells.${name}.node${label}.inputs`, options: combinationOptions(label, k), loc: def.loc });
    const ops = Array.from({ length: k }, (_, s) => ctx.addDecision({ id: `cells.${name}.node${label}.op${s}`, options: def.ops, loc: def.loc }));
    nodes.push({ inputs, ops });
  }
  const plan = dartsPlan(name, def, nodes);
  ctx.cells.set(def, plan);
  return plan;
}

function dartsPlan(name: string, def: DartsCell, nodes: NodeDecisions[]): DartsPlan {
  const k = def.inputsPerNode;
  const none = def.ops.indexOf('none');
  const decisions = nodes.flatMap((n) => [n.inputs, ...n.ops]);
  // Each node's subsets by rank, so keys and analyses do not unrank them again.
  const subsets = nodes.map((_, j) => Array.from({ length: binomial(j + 2, k) }, (_, r) => unrankCombination(r, k)));
  const isOutput = (label: number) => def.outputNodes.includes(label);
  const pairText = def.ops.map((op) => Array.from({ length: nodes.length + 2 }, (_, c) => `(${op},${c})`));
  // Relabellings of the intermediate nodes that keep the output's nodes the output's (the identity left out).
  const relabellings = nodes.length > MAX_RELABELLED_NODES ? [] : permutations(nodes.length).filter((p) => p.some((v, j) => v !== j) && def.outputNodes.every((o) => isOutput(p[o - 2] + 2)));
  const terms = (enc: readonly number[], j: number): Term[] => subsets[j][enc[nodes[j].inputs]].map((input, s) => ({ input, op: enc[nodes[j].ops[s]] }));
  /** Nodes whose value is not always zero, and nodes whose value reaches the output, by label. */
  const reach = (enc: readonly number[]) => {
    const nonzero = [true, true];
    const all = nodes.map((_, j) => terms(enc, j));
    all.forEach((ts) => nonzero.push(ts.some((t) => t.op !== none && nonzero[t.input])));
    const used = nonzero.map((_, label) => label >= 2 && isOutput(label));
    for (let j = nodes.length - 1; j >= 0; j--) {
      if (!used[j + 2]) continue;
      for (const t of all[j]) if (t.op !== none) used[t.input] = true;
    }
    return { all, nonzero, used };
  };
  /** Writes node terms (live ones; `none` fills the rest from the smallest unused inputs) into enc. */
  const write = (enc: number[], j: number, live: Term[]) => {
    const taken = new Set(live.map((t) => t.input));
    const ts = [...live];
    for (let c = 0; ts.length < k; c++) if (!taken.has(c)) ts.push({ input: c, op: none });
    ts.sort((a, b) => a.input - b.input);
    enc[nodes[j].inputs] = rankCombination(ts.map((t) => t.input));
    ts.forEach((t, s) => (enc[nodes[j].ops[s]] = t.op));
  };
  const plan: DartsPlan = {
    name,
    def,
    nodes,
    decisions,
    key(enc) {
      // Keys are made for every sampled candidate: the pairs' text is built once.
      let s = '';
      nodes.forEach((n, j) => {
        const inputs = subsets[j][enc[n.inputs]];
        for (let t = 0; t < k; t++) s += `,${pairText[enc[n.ops[t]]][inputs[t]]}`;
      });
      return `${name}=[${s.slice(1)}]`;
    },
    parse(text, enc) {
      const m = new RegExp(`^${name}=\\[(.*)\\]$`).exec(text);
      if (!m) return `'${text}' is not cell ${name}'s genotype ${name}=[(op,input),...]`;
      const pairs = [...m[1].matchAll(/\(([a-z0-9_]+),(\d+)\)/g)];
      if (pairs.map((p) => p[0]).join(',') !== m[1] || pairs.length !== k * nodes.length) return `cell ${name} needs ${k * nodes.length} (op,input) pairs, ${k} per node`;
      for (let j = 0; j < nodes.length; j++) {
        const ts = pairs.slice(j * k, j * k + k).map((p) => ({ op: def.ops.indexOf(p[1] as DartsOp), input: Number(p[2]), text: p[1] }));
        ts.sort((a, b) => a.input - b.input);
        const bad = ts.find((t) => t.op < 0);
        if (bad) return `'${bad.text}' is not an operation of cell ${name}`;
        if (ts.some((t, s) => t.input >= j + 2 || (s > 0 && t.input === ts[s - 1].input))) return `node ${j + 2} of cell ${name} needs ${k} distinct inputs among 0..${j + 1}`;
        enc[nodes[j].inputs] = rankCombination(ts.map((t) => t.input));
        ts.forEach((t, s) => (enc[nodes[j].ops[s]] = t.op));
      }
      return null;
    },
    analyse(enc): CellAnalysis {
      const { all, nonzero, used } = reach(enc);
      const degenerate = all.some((ts, j) => ts.some((t) => t.op !== none && !(nonzero[t.input] && used[j + 2])));
      return { degenerate, zeroOutput: !def.outputNodes.some((label) => nonzero[label]) };
    },
    dag(enc): CellDag {
      const { all, nonzero, used } = reach(enc);
      const labels = ['c(k-2)', 'c(k-1)', ...nodes.map((_, j) => String(j + 2))];
      const combine = def.output === 'concat' ? 'concat' : 'sum';
      return {
        cell: name,
        nodes: [...labels.map((label, c) => ({ id: String(c), label, role: c < 2 ? ('input' as const) : ('node' as const) })), { id: 'out', label: `out (${combine})`, role: 'output' }],
        edges: [
          ...all.flatMap((ts, j) => ts.map((t) => ({ from: String(t.input), to: String(j + 2), op: def.ops[t.op], dead: t.op === none || !nonzero[t.input] || !used[j + 2] }))),
          ...def.outputNodes.map((label) => ({ from: String(label), to: 'out', op: '', dead: !nonzero[label] })),
        ],
      };
    },
    canonicalize(enc) {
      const { all, nonzero, used } = reach(enc);
      const live = all.map((ts, j) => (none < 0 ? ts : ts.filter((t) => t.op !== none && nonzero[t.input] && used[j + 2])));
      if (none >= 0) live.forEach((ts, j) => write(enc, j, ts));
      const best = enc.slice();
      for (const p of relabellings) {
        // Node label j+2 becomes p[j]+2; the cell's inputs 0 and 1 stay.
        const label = (c: number) => (c < 2 ? c : p[c - 2] + 2);
        if (!live.every((ts, j) => ts.every((t) => label(t.input) < label(j + 2)))) continue;
        const next = enc.slice();
        live.forEach((ts, j) => write(next, p[j], ts.map((t) => ({ input: label(t.input), op: t.op }))));
        if (compareAt(next, best, decisions) < 0) best.splice(0, best.length, ...next);
      }
      enc.splice(0, enc.length, ...best);
    },
    mutate(enc, d, rng) {
      const j = nodes.findIndex((n) => n.inputs === d);
      if (j < 0) return false;
      // Change one input: a term reads another predecessor instead, keeping its op.
      const ts = terms(enc, j);
      const free = Array.from({ length: j + 2 }, (_, c) => c).filter((c) => !ts.some((t) => t.input === c));
      ts[rng.int(k)].input = rng.pick(free);
      write(enc, j, ts);
      return true;
    },
    degenerateCount() {
      if (def.outputNodes.length === nodes.length) return none < 0 ? 0n : degenerateWhenAllNodesOutput(subsets, def.ops.length);
      return countByEnumeration(plan, decisions.map((_, i) => (i % (k + 1) === 0 ? binomial(i / (k + 1) + 2, k) : def.ops.length)));
    },
  };
  return plan;
}

/**
 * Exact degenerate count of a cell with `none` whose output takes every node (DARTS's), without
 * enumerating its billions of members. Every node then reaches the output, so a cell is
 * degenerate exactly when a live op reads a node that is always zero; a dynamic programme over
 * the set of zero nodes counts the cells where none does: a term on a zero node must be `none`,
 * a term on another node takes any op, and the node is zero when all its terms are `none`.
 */
function degenerateWhenAllNodesOutput(subsets: readonly (readonly number[][])[], ops: number): bigint {
  let states = new Map<number, bigint>([[0, 1n]]);
  let total = 1n;
  subsets.forEach((bySubset, j) => {
    total *= BigInt(bySubset.length) * BigInt(ops) ** BigInt(bySubset[0].length);
    const next = new Map<number, bigint>();
    const add = (mask: number, n: bigint) => next.set(mask, (next.get(mask) ?? 0n) + n);
    for (const [mask, n] of states) {
      for (const inputs of bySubset) {
        const live = inputs.filter((c) => c < 2 || !(mask & (1 << (c - 2)))).length;
        add(mask | (1 << j), n);
        add(mask, n * (BigInt(ops) ** BigInt(live) - 1n));
      }
    }
    states = next;
  });
  const clean = [...states.values()].reduce((a, b) => a + b, 0n);
  return total - clean;
}

// ---------------------------------------------------------------- building, as DARTS does

/** ReLU, 1x1 convolution, batch norm: how each cell adapts its inputs (DARTS's ReLUConvBN). */
function reluConvBn(g: GraphBuilder, x: string, channels: number): string {
  return g.batchNorm(g.conv2d(g.act(x, 'relu'), channels, 1, 1, false));
}

/** Halves the resolution without losing every other pixel: two stride-2 1x1 convolutions, one shifted by a pixel, concatenated. */
function factorizedReduce(g: GraphBuilder, x: string, channels: number): string {
  const r = g.act(x, 'relu');
  const conv = (from: string) => g.node('conv2d', [from], { filters: channels / 2, kernel: 1, stride: 2, padding: 'valid', useBias: false });
  const a = conv(r);
  const b = conv(g.node('crop', [r], { top: 1, left: 1 }));
  return g.batchNorm(g.node('concat', [a, b], {}));
}

/** ReLU, depthwise k x k (stride, dilation), pointwise 1x1, batch norm. */
function reluDwPwBn(g: GraphBuilder, x: string, channels: number, kernel: number, stride: number, dilation: number): string {
  const attrs = { kernel, stride, padding: 'same', useBias: false, ...(dilation > 1 ? { dilation } : {}) };
  return g.batchNorm(g.conv2d(g.node('depthwiseConv2d', [g.act(x, 'relu')], attrs), channels, 1, 1, false));
}

const DARTS_OP_NODES: Record<DartsOp, (g: GraphBuilder, x: string, channels: number, stride: number) => string> = {
  // DARTS's Zero: the strided input times zero.
  none: (g, x, _c, stride) => g.zeros(stride > 1 ? g.pool(x, 'maxPool', 1, stride, 'same') : x),
  max_pool_3x3: (g, x, _c, stride) => g.pool(x, 'maxPool', 3, stride, 'same'),
  avg_pool_3x3: (g, x, _c, stride) => g.pool(x, 'avgPool', 3, stride, 'same'),
  skip_connect: (g, x, c, stride) => (stride > 1 ? factorizedReduce(g, x, c) : g.identity(x)),
  sep_conv_3x3: (g, x, c, stride) => reluDwPwBn(g, reluDwPwBn(g, x, c, 3, stride, 1), c, 3, 1, 1),
  sep_conv_5x5: (g, x, c, stride) => reluDwPwBn(g, reluDwPwBn(g, x, c, 5, stride, 1), c, 5, 1, 1),
  dil_conv_3x3: (g, x, c, stride) => reluDwPwBn(g, x, c, 3, stride, 2),
  dil_conv_5x5: (g, x, c, stride) => reluDwPwBn(g, x, c, 5, stride, 2),
};

/** A reduction must halve both sides exactly, as factorized reduce does. */
function checkHalvable(g: GraphBuilder, x: string, what: string, loc: SourceLocation | undefined): void {
  const [h, w] = g.shapeOf(x);
  if (h < 2 || w < 2 || h % 2 !== 0 || w % 2 !== 0) throw new SpaceError(`${what} receives a ${h}x${w} feature map, whose resolution cannot halve (a reduction needs even sides)`, loc);
}

function cellNodes(g: GraphBuilder, s0: string, s1: string, plan: DartsPlan, enc: (d: number) => number, channels: number, reductionPrev: boolean): string {
  const { def } = plan;
  g.part = '0';
  const first = reductionPrev ? factorizedReduce(g, s0, channels) : reluConvBn(g, s0, channels);
  g.part = '1';
  const states = [first, reluConvBn(g, s1, channels)];
  for (const node of plan.nodes) {
    const inputs = unrankCombination(enc(node.inputs), def.inputsPerNode);
    const label = states.length;
    const terms = inputs.map((c, s) => {
      g.part = `${c}->${label}`;
      return DARTS_OP_NODES[def.ops[enc(node.ops[s])]](g, states[c], channels, def.reduction && c < 2 ? 2 : 1);
    });
    g.part = String(label);
    states.push(g.add(terms));
  }
  const outs = def.outputNodes.map((label) => states[label]);
  g.part = 'out';
  const out = def.output === 'concat' ? g.node('concat', outs, {}) : g.add(outs);
  g.part = '';
  return out;
}

export const dartsStackKind: LayerKind<DartsStackSpec> = {
  compile(spec, ctx) {
    // Only the cells the plan places have decisions: an unused one would multiply the size by choices that change nothing.
    const used = Object.entries(spec.cells).filter(([name]) => spec.plan.includes(name));
    const plans = new Map(used.map(([name, def]) => [name, compileDartsCell(def, name, ctx)]));
    const group = ctx.group;
    const loc = ctx.loc;
    return (g, x, v) => {
      const enc = (d: number) => (ctx.decisions[d].options as readonly unknown[]).indexOf(v.value({ decision: d }));
      let channels = spec.channels;
      g.group = `${group}.stem`;
      const stem = g.batchNorm(g.conv2d(x, (spec.stemMultiplier ?? 3) * channels, 3, 1, false));
      let [s0, s1] = [stem, stem];
      let reductionPrev = false;
      spec.plan.forEach((name, i) => {
        const plan = plans.get(name)!;
        g.group = `${group}.cells.${i}`;
        if (plan.def.reduction) {
          checkHalvable(g, s1, `${group}: plan[${i}] places the reduction cell '${name}' where it`, loc);
          channels *= 2;
        }
        g.describe({ op: 'cell', settings: name, channels, stride: plan.def.reduction ? 2 : 1, cell: name });
        if (reductionPrev) checkHalvable(g, s0, `${group}: plan[${i}] follows a reduction, and the factorized reduce of its first input`, loc);
        [s0, s1] = [s1, cellNodes(g, s0, s1, plan, enc, channels, reductionPrev)];
        reductionPrev = plan.def.reduction;
      });
      return s1;
    };
  },
  examples: () => {
    const ops: DartsOp[] = ['none', 'max_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'dil_conv_3x3'];
    const normal = dartsCell({ nodes: 2, ops });
    const reduce = dartsCell({ nodes: 2, ops: ['avg_pool_3x3', 'skip_connect', 'sep_conv_5x5', 'dil_conv_5x5', 'none'], reduction: true });
    const summed = dartsCell({ nodes: 3, inputsPerNode: 1, ops, output: 'sum', outputNodes: [3, 4] });
    return [[dartsStack({ cells: { normal, reduce }, plan: ['normal', 'reduce', 'normal'], channels: 4, stemMultiplier: 1 })], [dartsStack({ cells: { summed }, plan: ['summed', 'summed'], channels: 2 })]];
  },
};
