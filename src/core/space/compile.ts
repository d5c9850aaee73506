// Turns a user's space definition into an ordered list of decisions (a forest: each decision
// depends on at most one earlier one) plus, per layer, where each setting comes from.
import { isChoice, type Choice, type DefinedSpace, type Layer } from './dsl';
import { SpaceError } from './errors';
import type { Decision, OptionValue, SourceLocation } from './types';

/** Where a layer setting comes from: a fixed value or a decision's option. */
export type Ref = { value: OptionValue } | { decision: number; otherwise?: OptionValue };

/** Layer settings that have no default: a conditional one needs an `otherwise` value. */
const REQUIRED = new Set(['filters', 'kernel', 'units', 'expand']);

export interface CellPlan {
  name: string;
  nodes: number;
  /** Edges in the NAS-Bench-201 string order: for node j = 1.., edges from i = 0..j-1. */
  edges: { from: number; to: number; decision: number }[];
}

export interface LayerPlan {
  type: Layer['type'];
  group: string;
  loc?: SourceLocation;
  refs: Record<string, Ref>;
  /** stage(): the depth and, per block copy, its settings. */
  stage?: { depth: Ref; stride: number; blocks: Record<string, Ref>[] };
  /** cellStack(): the shared cell and how many copies. */
  cell?: CellPlan;
}

export interface CompiledSpace {
  definition: DefinedSpace;
  decisions: Decision[];
  layers: LayerPlan[];
  cells: CellPlan[];
}

type Scope = Map<Choice, number>;

export function compileSpace(definition: DefinedSpace): CompiledSpace {
  const decisions: Decision[] = [];
  const cells = new Map<object, CellPlan>();
  const globalScope: Scope = new Map();

  /** The decision for a choice in this scope, created on first use (reusing a choice ties it). */
  function ref(value: unknown, id: string, scope: Scope, loc: SourceLocation | undefined, depthParent?: Decision['parent']): Ref {
    if (!isChoice(value)) return { value: value as OptionValue };
    const existing = scope.get(value);
    if (existing !== undefined) return { decision: existing };
    let parent = depthParent;
    let otherwise: OptionValue | undefined;
    if (value.condition) {
      const field = id.slice(id.lastIndexOf('.') + 1);
      otherwise = value.condition.otherwise;
      if (otherwise === undefined && REQUIRED.has(field)) {
        throw new SpaceError(`when(): '${field}' has no default, so give the value it takes while the condition is off: when(on, values, choice(...), otherwise)`, value.loc ?? loc);
      }
      // A condition on a choice that is no setting makes that choice a decision of its own.
      const on = ref(value.condition.on, `${id}.if`, scope, loc, depthParent);
      if (!('decision' in on)) throw new Error('unreachable: a choice always has a decision');
      const whenParent = value.condition.values.map((v) => decisions[on.decision].options.indexOf(v));
      parent = { decision: on.decision, whenParent };
    }
    decisions.push({ id, options: value.options, parent, loc: value.loc ?? loc });
    scope.set(value, decisions.length - 1);
    return { decision: decisions.length - 1, otherwise };
  }

  function refsOf(spec: object, prefix: string, scope: Scope, loc: SourceLocation | undefined, depthParent?: Decision['parent']): Record<string, Ref> {
    const out: Record<string, Ref> = {};
    // Unconditional settings first, so a when() may depend on a setting written after it.
    const entries = Object.entries(spec).sort(([, a], [, b]) => Number(isChoice(a) && !!a.condition) - Number(isChoice(b) && !!b.condition));
    for (const [k, v] of entries) {
      if (v === undefined || typeof v === 'object' && v !== null && !isChoice(v)) continue;
      out[k] = ref(v, `${prefix}.${k}`, scope, loc, depthParent);
    }
    return out;
  }

  const layers = definition.layers.map((layer, i): LayerPlan => {
    const group = `layers.${i}`;
    const plan: LayerPlan = { type: layer.type, group, loc: layer.loc, refs: {} };
    if (layer.type === 'stage') {
      const spec = (layer as Layer<'stage'>).spec;
      const depth = ref(spec.depth, `${group}.depth`, globalScope, layer.loc);
      const depthOptions = 'decision' in depth ? (decisions[depth.decision].options as number[]) : [depth.value as number];
      const maxDepth = Math.max(...depthOptions);
      const blocks: Record<string, Ref>[] = [];
      for (let b = 0; b < maxDepth; b++) {
        // Block b exists when the chosen depth is greater than b.
        const whenParent = depthOptions.flatMap((d, idx) => (d > b ? [idx] : []));
        const parent = 'decision' in depth && whenParent.length < depthOptions.length ? { decision: depth.decision, whenParent } : undefined;
        blocks.push(refsOf(spec.block.spec, `${group}.blocks.${b}`, new Map(), spec.block.loc ?? layer.loc, parent));
      }
      plan.stage = { depth, stride: spec.stride ?? 1, blocks };
    } else if (layer.type === 'cellStack') {
      const cellDef = (layer as Layer<'cellStack'>).spec.cell;
      let cellPlan = cells.get(cellDef);
      if (!cellPlan) {
        const name = cellDef.name ?? `cell${cells.size}`;
        if ([...cells.values()].some((c) => c.name === name)) throw new SpaceError(`two different cells are named '${name}'`, cellDef.loc ?? layer.loc);
        const edges: CellPlan['edges'] = [];
        for (let to = 1; to < cellDef.nodes; to++) {
          for (let from = 0; from < to; from++) {
            decisions.push({ id: `cells.${name}.${from}->${to}`, options: cellDef.ops, cellEdge: { cell: name, from, to }, loc: cellDef.loc });
            edges.push({ from, to, decision: decisions.length - 1 });
          }
        }
        cellPlan = { name, nodes: cellDef.nodes, edges };
        cells.set(cellDef, cellPlan);
      }
      plan.cell = cellPlan;
      plan.refs = { repeat: { value: (layer as Layer<'cellStack'>).spec.repeat } };
    } else {
      plan.refs = refsOf(layer.spec, group, globalScope, layer.loc);
    }
    return plan;
  });

  return { definition, decisions, layers, cells: [...cells.values()] };
}

/** The value a setting takes in an architecture, or undefined while its decision is inactive. */
export function resolve(ref: Ref | undefined, decisions: readonly Decision[], encoding: readonly number[]): OptionValue | undefined {
  if (ref === undefined) return undefined;
  if ('value' in ref) return ref.value;
  const i = encoding[ref.decision];
  return i < 0 ? ref.otherwise : decisions[ref.decision].options[i];
}
