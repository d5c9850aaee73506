// What a layer kind is: its DSL function (in its own file) makes a Layer; `compile` turns the
// layer's settings into decisions and returns how an architecture's values decode into graph
// nodes. The registry (index.ts) lists every kind.
import { describe, fail } from '../dsl';
import type { GraphBuilder } from '../graphBuilder';
import type { Decision, OptionValue, SourceLocation } from '../types';
import type { CellCodec } from '../cellCodec';
import type { Layer, LayerSpecs, LayerType } from './index';

/** Where a layer setting comes from: a fixed value or a decision's option. */
export type Ref = { value: OptionValue } | { decision: number; otherwise?: OptionValue };

/** The settings of one architecture, as its layers read them while decoding. */
export interface ArchValues {
  /** The value a setting takes, or undefined while its decision is inactive (and it has no `otherwise`). */
  value(ref: Ref | undefined): OptionValue | undefined;
  /** A numeric setting, or `dflt` when it is unset. */
  num(ref: Ref | undefined, dflt: number): number;
}

/** Emits the layer's nodes after node `x` and returns the id of its output node. */
export type DecodeLayer = (g: GraphBuilder, x: string, values: ArchValues) => string;

/** Per-decision scope: the same choice object used twice in one scope is one decision. */
export type Scope = Map<object, number>;

export interface CompileContext {
  /** `layers.<i>`: the layer's place in the space, the prefix of its decision ids. */
  readonly group: string;
  readonly loc: SourceLocation | undefined;
  /** The decisions so far (a kind reads their options; it adds to them through ref() or addDecision()). */
  readonly decisions: readonly Decision[];
  /** The scope shared by all plain layers: a choice reused across layers ties them. */
  readonly globalScope: Scope;
  /** The decision for one setting (created on first use in `scope`), or its fixed value. */
  ref(value: unknown, id: string, scope: Scope, loc: SourceLocation | undefined, depthParent?: Decision['parent']): Ref;
  /**
   * Every scalar setting of `spec` as `<prefix>.<name>`. Unconditional settings come first, so a
   * when() may depend on a setting written after it. `required` names the settings without a
   * default: a conditional one must then say what it is while its condition is off.
   */
  refsOf(spec: object, prefix: string, scope: Scope, loc: SourceLocation | undefined, required: readonly string[], depthParent?: Decision['parent']): Record<string, Ref>;
  /** Appends a decision that is no setting's (a cell edge) and returns its index. */
  addDecision(decision: Decision): number;
  /** Cells by definition, shared by every cellStack() that uses the same cell(). */
  readonly cells: Map<object, CellCodec>;
}

export interface LayerKind<S> {
  compile(spec: S, ctx: CompileContext): DecodeLayer;
  /**
   * Small spaces that use this kind, for the registry-driven tests (decoding, shapes, params
   * and multiply-adds against TensorFlow.js): layers on an 8x8x3 input, this kind among them.
   */
  examples(): Layer[][];
}

/** The value a space file's layer function returns, with its settings checked to be an object. */
export function makeLayer<T extends LayerType>(type: T, spec: LayerSpecs[T], loc: SourceLocation | undefined): Layer<T> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) fail(`${type}() takes an object of settings, got ${describe(spec)}`, loc);
  return { kind: 'layer', type, spec, loc };
}

/** The plain case: every setting in the shared scope, decoded by `decode` from their refs. */
export function plainLayer<S extends object>(required: readonly string[], decode: (refs: Record<string, Ref>) => DecodeLayer, examples: () => Layer[][]): LayerKind<S> {
  return {
    compile: (spec, ctx) => decode(ctx.refsOf(spec, ctx.group, ctx.globalScope, ctx.loc, required)),
    examples,
  };
}
