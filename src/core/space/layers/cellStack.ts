// cell() defines a DAG whose edges each choose an operation (NAS-Bench-201); cellStack() places
// copies of it. A cell used in several places has one set of decisions, named after the cell.
import { compareAt, countByEnumeration, MAX_RELABELLED_NODES, permutations, type CellAnalysis, type CellCodec, type CellDag } from '../cellCodec';
import { checkKeys, checkNumber, checkOptions, describe, fail, here } from '../dsl';
import type { GraphBuilder } from '../graphBuilder';
import { SpaceError } from '../errors';
import type { SourceLocation } from '../types';
import type { Layer } from './index';
import { makeLayer, type CompileContext, type LayerKind } from './kind';

export interface CellSpec {
  /** Nodes of the DAG including the input node; every pair i < j is an edge. NAS-Bench-201: 4. */
  nodes: number;
  /** Operations to choose from on each edge. */
  ops: readonly CellOp[];
  /** Name used in decision ids; cells used in several places share their decisions. */
  name?: string;
}
export type CellOp = 'none' | 'skip_connect' | 'nor_conv_1x1' | 'nor_conv_3x3' | 'avg_pool_3x3';
export const CELL_OPS: readonly CellOp[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

/** What an edge's operation emits from its source node, at the cell's width; convs are ReLU-conv-BN. */
const CELL_OP_NODES: Record<CellOp, (g: GraphBuilder, from: string, channels: number) => string> = {
  none: (g, from) => g.zeros(from),
  skip_connect: (g, from) => g.identity(from),
  nor_conv_1x1: (g, from, channels) => g.batchNorm(g.conv2d(g.act(from, 'relu'), channels, 1, 1, false)),
  nor_conv_3x3: (g, from, channels) => g.batchNorm(g.conv2d(g.act(from, 'relu'), channels, 3, 1, false)),
  avg_pool_3x3: (g, from) => g.pool(from, 'avgPool', 3, 1, 'same'),
};

export interface Cell {
  readonly kind: 'cell';
  /** Unnamed cells are named cell0, cell1, ... in order of first use. */
  readonly name?: string;
  readonly nodes: number;
  readonly ops: readonly CellOp[];
  readonly loc?: SourceLocation;
}

/** A compiled cell: its name and one decision per edge. */
export interface CellPlan extends CellCodec {
  nodes: number;
  /** Edges in the NAS-Bench-201 string order: for node j = 1.., edges from i = 0..j-1. */
  edges: { from: number; to: number; decision: number }[];
}

export interface CellStackSpec {
  cell: Cell;
  repeat: number;
}

/** A cell DAG: nodes 0..n-1, an edge i -> j for every i < j, an operation chosen on each edge. */
export function cell(spec: CellSpec): Cell {
  const loc = here();
  if (typeof spec !== 'object' || spec === null) fail(`cell() takes an object of settings, got ${describe(spec)}`, loc);
  checkKeys('cell()', spec, ['nodes', 'ops', 'name'], loc);
  checkNumber('cell()', 'nodes', spec.nodes, loc, { min: 2, max: 12 });
  if (!Array.isArray(spec.ops)) fail(`cell(): 'ops' must be a list of operation names`, loc);
  checkOptions(spec.ops, loc, 'cell() ops');
  for (const op of spec.ops) {
    if (!CELL_OPS.includes(op as CellOp)) fail(`cell(): unknown cell op ${JSON.stringify(op)} (known: ${CELL_OPS.join(', ')})`, loc);
  }
  if (spec.name !== undefined && (typeof spec.name !== 'string' || !/^[A-Za-z_][\w-]*$/.test(spec.name))) fail(`cell(): 'name' must be an identifier`, loc);
  return { kind: 'cell', name: spec.name, nodes: spec.nodes, ops: [...spec.ops] as CellOp[], loc };
}

/** `repeat` copies of a cell at the current width; all copies share the cell's decisions. */
export function cellStack(spec: CellStackSpec): Layer<'cellStack'> {
  const loc = here();
  const l = makeLayer('cellStack', spec, loc);
  checkKeys('cellStack()', spec, ['cell', 'repeat'], loc);
  if (typeof spec.cell !== 'object' || spec.cell === null || spec.cell.kind !== 'cell') fail(`cellStack(): 'cell' must be a cell({...})`, loc);
  checkNumber('cellStack()', 'repeat', spec.repeat, loc, { min: 1, max: 64 });
  return l;
}

/** The cell's plan, made (with its edge decisions) the first time the cell is used. */
function compileCell(def: Cell, ctx: CompileContext): CellPlan {
  // Only cellStack() files cell() definitions under this key, so the entry is a CellPlan.
  const known = ctx.cells.get(def) as CellPlan | undefined;
  if (known) return known;
  const name = def.name ?? `cell${ctx.cells.size}`;
  if ([...ctx.cells.values()].some((c) => c.name === name)) throw new SpaceError(`two different cells are named '${name}'`, def.loc ?? ctx.loc);
  const edges: CellPlan['edges'] = [];
  for (let to = 1; to < def.nodes; to++) {
    for (let from = 0; from < to; from++) {
      edges.push({ from, to, decision: ctx.addDecision({ id: `cells.${name}.${from}->${to}`, options: def.ops, cellEdge: { cell: name, from, to }, loc: def.loc }) });
    }
  }
  const plan = nb201Plan(name, def.nodes, edges, def.ops);
  ctx.cells.set(def, plan);
  return plan;
}

/** An edge DAG's key (NAS-Bench-201's string), degeneracy and canonical form. */
function nb201Plan(name: string, nodes: number, edges: CellPlan['edges'], ops: readonly CellOp[]): CellPlan {
  const none = ops.indexOf('none');
  const decisions = edges.map((e) => e.decision);
  const live = (enc: readonly number[], e: CellPlan['edges'][number]) => enc[e.decision] !== none;
  /** Nodes reached from the input, and nodes that reach the output, along edges that are not `none`. */
  const reach = (enc: readonly number[]) => {
    const fromInput = new Set([0]);
    for (const e of edges) if (live(enc, e) && fromInput.has(e.from)) fromInput.add(e.to);
    const toOutput = new Set([nodes - 1]);
    for (let k = edges.length - 1; k >= 0; k--) if (live(enc, edges[k]) && toOutput.has(edges[k].to)) toOutput.add(edges[k].from);
    return { fromInput, toOutput };
  };
  // Relabellings of the intermediate nodes (the identity left out), and each edge's decision.
  const relabellings = nodes - 2 > MAX_RELABELLED_NODES ? [] : permutations(nodes - 2).filter((p) => p.some((v, i) => v !== i));
  const at = new Map(edges.map((e) => [`${e.from}->${e.to}`, e.decision]));
  const plan: CellPlan = {
    name,
    nodes,
    edges,
    decisions,
    key(enc) {
      const rows: string[] = [];
      for (let to = 1; to < nodes; to++) rows.push(`|${edges.filter((e) => e.to === to).map((e) => `${ops[enc[e.decision]]}~${e.from}`).join('|')}|`);
      return rows.join('+');
    },
    parse(text, enc) {
      const named = parseCellString(text);
      if (!named) return `'${text}' is not a cell string`;
      for (const e of edges) {
        const op = named.get(`${e.from}->${e.to}`);
        if (op === undefined) return `the cell has no edge ${e.from}->${e.to}`;
        const o = ops.indexOf(op as CellOp);
        if (o < 0) return `'${op}' is not an option of cells.${name}.${e.from}->${e.to}`;
        enc[e.decision] = o;
      }
      return named.size === edges.length ? null : `'${text}' has edges the cell does not have`;
    },
    analyse(enc): CellAnalysis {
      const { fromInput, toOutput } = reach(enc);
      return { degenerate: edges.some((e) => live(enc, e) && !(fromInput.has(e.from) && toOutput.has(e.to))), zeroOutput: !fromInput.has(nodes - 1) };
    },
    dag(enc): CellDag {
      const { fromInput, toOutput } = reach(enc);
      return {
        cell: name,
        nodes: Array.from({ length: nodes }, (_, i) => ({ id: String(i), label: String(i), role: i === 0 ? 'input' : i === nodes - 1 ? 'output' : 'node' })),
        edges: edges.map((e) => ({ from: String(e.from), to: String(e.to), op: ops[enc[e.decision]], dead: !(live(enc, e) && fromInput.has(e.from) && toOutput.has(e.to)) })),
      };
    },
    canonicalize(enc) {
      if (none < 0) return;
      const { fromInput, toOutput } = reach(enc);
      for (const e of edges) if (!(fromInput.has(e.from) && toOutput.has(e.to))) enc[e.decision] = none;
      const best = enc.slice();
      for (const p of relabellings) {
        // Intermediate node i (1..n-2) becomes node p[i-1]+1; the input and output stay.
        const label = (i: number) => (i === 0 || i === nodes - 1 ? i : p[i - 1] + 1);
        const next = enc.slice();
        for (const e of edges) next[e.decision] = none;
        const ok = edges.every((e) => {
          if (!live(enc, e)) return true;
          const [a, b] = [label(e.from), label(e.to)];
          if (a > b) return false;
          next[at.get(`${a}->${b}`)!] = enc[e.decision];
          return true;
        });
        if (ok && compareAt(next, best, decisions) < 0) best.splice(0, best.length, ...next);
      }
      enc.splice(0, enc.length, ...best);
    },
    degenerateCount: () => countByEnumeration(plan, edges.map(() => ops.length)),
  };
  return plan;
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

/** Node j sums op(i->j)(node i) over i < j; the cell's output is its last node. */
function cellNodes(g: GraphBuilder, x: string, cell: CellPlan, ops: readonly CellOp[]): string {
  const nodes = [x];
  const channels = g.shapeOf(x)[2];
  for (let to = 1; to < cell.nodes; to++) {
    const terms: string[] = [];
    cell.edges.forEach((e, k) => {
      if (e.to !== to) return;
      g.part = `${e.from}->${e.to}`;
      terms.push(CELL_OP_NODES[ops[k]](g, nodes[e.from], channels));
    });
    g.part = String(to);
    nodes.push(g.add(terms));
  }
  g.part = '';
  return nodes[nodes.length - 1];
}

export const cellStackKind: LayerKind<CellStackSpec> = {
  compile(spec, ctx) {
    const plan = compileCell(spec.cell, ctx);
    const group = ctx.group;
    // A choice is no repeat count: checkNumber lets one through, and it has always meant 1.
    const repeat = typeof spec.repeat === 'number' ? spec.repeat : 1;
    return (g, x, v) => {
      const ops = plan.edges.map((e) => v.value({ decision: e.decision }) as CellOp);
      for (let k = 0; k < repeat; k++) {
        g.group = `${group}.cells.${k}`;
        g.describe({ op: 'cell', settings: plan.name, channels: g.shapeOf(x)[2], cell: plan.name });
        x = cellNodes(g, x, plan, ops);
      }
      return x;
    };
  },
  examples: () => {
    const shared = cell({ nodes: 3, ops: ['none', 'skip_connect', 'nor_conv_3x3'] });
    return [[cellStack({ cell: cell({ nodes: 4, ops: CELL_OPS }), repeat: 1 })], [cellStack({ cell: shared, repeat: 2 }), cellStack({ cell: shared, repeat: 1 })]];
  },
};
