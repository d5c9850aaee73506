// Turns a user's space definition into an ordered list of decisions (a forest: each decision
// depends on at most one earlier one) plus, per layer, how an architecture decodes it. How each
// layer's settings become decisions is its kind's business (layers/).
import { isChoice, type DefinedSpace } from './dsl';
import { SpaceError } from './errors';
import { LAYER_KINDS, type Layer, type LayerType } from './layers';
import type { CellCodec } from './cellCodec';
import type { CompileContext, DecodeLayer, Ref, Scope } from './layers/kind';
import type { Decision, OptionValue, SourceLocation } from './types';

export interface LayerPlan {
  group: string;
  loc?: SourceLocation;
  decode: DecodeLayer;
}

export interface CompiledSpace {
  definition: DefinedSpace;
  decisions: Decision[];
  layers: LayerPlan[];
  cells: CellCodec[];
}

export function compileSpace(definition: DefinedSpace): CompiledSpace {
  const decisions: Decision[] = [];
  const cells = new Map<object, CellCodec>();
  const globalScope: Scope = new Map();

  /** The decision for a choice in this scope, created on first use (reusing a choice ties it). */
  function ref(value: unknown, id: string, scope: Scope, loc: SourceLocation | undefined, depthParent?: Decision['parent'], required: readonly string[] = []): Ref {
    if (!isChoice(value)) return { value: value as OptionValue };
    const existing = scope.get(value);
    if (existing !== undefined) return { decision: existing };
    let parent = depthParent;
    let otherwise: OptionValue | undefined;
    if (value.condition) {
      const field = id.slice(id.lastIndexOf('.') + 1);
      otherwise = value.condition.otherwise;
      if (otherwise === undefined && required.includes(field)) {
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

  function refsOf(spec: object, prefix: string, scope: Scope, loc: SourceLocation | undefined, required: readonly string[], depthParent?: Decision['parent']): Record<string, Ref> {
    const out: Record<string, Ref> = {};
    // Unconditional settings first, so a when() may depend on a setting written after it.
    const entries = Object.entries(spec).sort(([, a], [, b]) => Number(isChoice(a) && !!a.condition) - Number(isChoice(b) && !!b.condition));
    for (const [k, v] of entries) {
      if (v === undefined || typeof v === 'object' && v !== null && !isChoice(v)) continue;
      out[k] = ref(v, `${prefix}.${k}`, scope, loc, depthParent, required);
    }
    return out;
  }

  function compileLayer<T extends LayerType>(layer: Layer<T>, group: string): LayerPlan {
    if (!Object.hasOwn(LAYER_KINDS, layer.type)) throw new SpaceError(`${group}: unknown layer type ${JSON.stringify(layer.type)}`, layer.loc);
    const ctx: CompileContext = {
      group,
      loc: layer.loc,
      decisions,
      globalScope,
      ref: (value, id, scope, loc, depthParent) => ref(value, id, scope, loc, depthParent),
      refsOf,
      addDecision: (decision) => decisions.push(decision) - 1,
      cells,
    };
    return { group, loc: layer.loc, decode: LAYER_KINDS[layer.type].compile(layer.spec, ctx) };
  }

  const layers = definition.layers.map((layer, i) => compileLayer(layer, `layers.${i}`));
  return { definition, decisions, layers, cells: [...cells.values()] };
}

/** The value a setting takes in an architecture, or undefined while its decision is inactive. */
export function resolve(ref: Ref | undefined, decisions: readonly Decision[], encoding: readonly number[]): OptionValue | undefined {
  if (ref === undefined) return undefined;
  if ('value' in ref) return ref.value;
  const i = encoding[ref.decision];
  return i < 0 ? ref.otherwise : decisions[ref.decision].options[i];
}
